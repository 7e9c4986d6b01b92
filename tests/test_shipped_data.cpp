// The shipped lexicons at work in each of the eight languages: people found after titles
// and merged with the lexicon, sides from title adjectives, surnames alone, trade roles.
#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "extract/extractor.h"

namespace {

struct Shipped {
    kg::Normalizer norm;
    std::unique_ptr<kg::Lexicon> lex =
        kg::Lexicon::load(std::filesystem::path(KG_SOURCE_DIR) / "extract/lexicons", norm);
    kg::NameKeyer keyer;
    kg::Extractor ex{*lex, keyer};
};

Shipped& shipped() {
    static Shipped s;
    return s;
}

kg::Extraction extract(const std::string& text, const std::string& lang) {
    kg::Article a;
    a.id = "s";
    a.text = text;
    a.language = lang;
    return shipped().ex.extract(a);
}

// "key<-form" for every person form, and "key>country" for every represents edge.
std::vector<std::string> people(const kg::Extraction& x) {
    std::vector<std::string> out;
    for (const auto& n : x.nodes)
        if (n.kind == kg::NodeKind::Person)
            for (const auto& f : n.forms) out.push_back(n.key + "<-" + f.form);
    for (const auto& e : x.edges)
        if (e.role == "represents") out.push_back(e.from + ">" + e.to);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

struct Case {
    const char* lang;
    const char* text;
    std::vector<std::string> want;
};

}  // namespace

TEST_CASE("people in eight languages: lexicon names, titles, sides and surnames") {
    const std::vector<Case> cases = {
        // English: an initial does not end the sentence; the counterpart's side is the adjective
        {"en", "Indian External Affairs Minister S. Jaishankar met his Emirati counterpart in Abu Dhabi.",
         {"person:s-jaishankar<-S. Jaishankar", "person:s-jaishankar>country:IN"}},
        {"en", "Petroleum Minister Hardeep Singh Puri said India would buy more crude. Puri said so.",
         {"person:x-rdb-sn-br<-Hardeep Singh Puri", "person:x-rdb-sn-br<-Puri"}},
        // French
        {"fr", "Le ministre russe des Affaires étrangères, Sergueï Lavrov, a rencontré la presse.",
         {"person:sergey-lavrov<-Sergueï Lavrov", "person:sergey-lavrov>country:RU"}},
        // Spanish: a portfolio, a comma, then the name
        {"es", "Egipto importó trigo de Rusia, según el ministro de Suministro, Ali Moselhy. Moselhy lo confirmó.",
         {"person:x-l-msl<-Ali Moselhy", "person:x-l-msl<-Moselhy"}},
        // Russian: case endings on the name and on the country
        {"ru", "Сергей Лавров провел переговоры с министром иностранных дел Турции Хаканом Фиданом в Москве.",
         {"person:hakan-fidan<-Хаканом Фиданом", "person:hakan-fidan>country:TR",
          "person:sergey-lavrov<-Сергей Лавров"}},
        {"ru", "Заместитель министра энергетики Павел Сорокин сообщил, что экспорт нефти вырос.",
         {"person:x-bfl-srkn<-Павел Сорокин"}},
        // Arabic
        {"ar", "التقى وزير الخارجية الروسي سيرغي لافروف مع نظيره الباكستاني شاه محمود قريشي",
         {"person:sergey-lavrov<-سيرغي لافروف", "person:sergey-lavrov>country:RU",
          "person:shah-mahmood-qureshi<-شاه محمود قريشي", "person:shah-mahmood-qureshi>country:PK"}},
        // Persian: Persian letters and a counterpart after the name
        {"fa", "سرگئی لاوروف با 'محمد جواد ظریف' همتای ایرانی خود دیدار کرد",
         {"person:mohammad-javad-zarif<-محمد جواد ظریف", "person:mohammad-javad-zarif>country:IR",
          "person:sergey-lavrov<-سرگئی لاوروف"}},
        // Urdu: the surname alone later
        {"ur", "وزیر خارجہ اسحاق ڈار نے بیجنگ میں اپنے چینی ہم منصب وانگ یی سے ملاقات کی۔ ڈار نے کہا کہ تعلقات مضبوط ہیں۔",
         {"person:ishaq-dar<-ڈار", "person:ishaq-dar<-اسحاق ڈار", "person:wang-yi<-وانگ یی",
          "person:wang-yi>country:CN"}},
        // Hindi
        {"hi", "पाकिस्तानी विदेश मंत्री बिलावल भुट्टो ज़रदारी ने रूसी समकक्ष सर्गेई लावरोव के साथ वार्ता की।",
         {"person:bilawal-bhutto-zardari<-बिलावल भुट्टो ज़रदारी", "person:bilawal-bhutto-zardari>country:PK",
          "person:sergey-lavrov<-सर्गेई लावरोव", "person:sergey-lavrov>country:RU"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto got = people(extract(c.text, c.lang));
        auto want = c.want;
        std::sort(want.begin(), want.end());
        CHECK(got == want);
    }
}

TEST_CASE("people after titles: a portfolio with its country, a body or a list, and a second name joined by 'and'") {
    const std::vector<Case> cases = {
        // the portfolio's country between the portfolio and the name
        {"ru", "Заместитель министра финансов Казахстана Ерлан Садыков сообщил, что экспорт зерна вырос.",
         {"person:x-rln-sdkf-kz<-Ерлан Садыков", "person:x-rln-sdkf-kz>country:KZ"}},
        // a body with lower-case words, then a comma and the name
        {"fr", "Le directeur général de l'agence française Business France, Pierre Dumont, a signé l'accord.",
         {"person:x-br-dmnt<-Pierre Dumont"}},
        // a portfolio that lists several fields and its country, then the name
        {"es", "El ministro de Comercio, Industria y Turismo de Colombia, Luis Carlos Reyes, viajó a Madrid.",
         {"person:x-ls-krls-rs-co<-Luis Carlos Reyes", "person:x-ls-krls-rs-co>country:CO"}},
        // an honorific after the comma is not part of the name
        {"fr", "Le ministre de l'Économie et des Finances, M. Pierre Dumont, a signé l'accord à Rabat.",
         {"person:x-br-dmnt<-Pierre Dumont"}},
        // after a title of several people, the second name joined by "y"
        {"es", "Los ministros de Exteriores, José Manuel Albares y Elena Ruiz Soto, se reunieron en Madrid.",
         {"person:jose-manuel-albares<-José Manuel Albares", "person:x-ln-rg-st<-Elena Ruiz Soto"}},
        // without capitals, the joined name must begin with a known given name
        {"hi", "विदेश मंत्री एस जयशंकर और राजीव कुमार ने दिल्ली में बैठक की।",
         {"person:s-jaishankar<-एस जयशंकर", "person:x-rgf-kmr<-राजीव कुमार"}},
        {"hi", "विदेश मंत्री एस जयशंकर और व्यापार प्रतिनिधिमंडल ने दिल्ली में बैठक की।",
         {"person:s-jaishankar<-एस जयशंकर"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        auto got = people(extract(c.text, c.lang));
        auto want = c.want;
        std::sort(want.begin(), want.end());
        CHECK(got == want);
    }
}

TEST_CASE("the same unlisted person in two scripts is one node") {
    auto a = extract("Le ministre ouzbek de l'Énergie, Jurabek Mirzamakhmudov, est arrivé.", "fr");
    auto b = extract("उज़्बेकिस्तान के ऊर्जा मंत्री जुराबेक मिर्जामखमुदोव ने कहा। मिर्जामखमुदोव ने यह भी कहा।", "hi");
    std::string ka, kb;
    for (const auto& n : a.nodes)
        if (n.kind == kg::NodeKind::Person) ka = n.key;
    for (const auto& n : b.nodes)
        if (n.kind == kg::NodeKind::Person) kb = n.key;
    CHECK_FALSE(ka.empty());
    CHECK(ka == kb);
}

TEST_CASE("two unlisted people of one name but different countries stay apart") {
    auto key_of = [](const kg::Extraction& x) {
        for (const auto& n : x.nodes)
            if (n.kind == kg::NodeKind::Person) return n.key;
        return std::string();
    };
    // French, then English: the title's adjective gives the country, and the key keeps it.
    auto pk = extract("Le ministre pakistanais de l'Énergie, Tariq Hameed Rana, est arrivé.", "fr");
    auto in = extract("Le ministre indien de l'Énergie, Tariq Hameed Rana, est arrivé.", "fr");
    auto pk_en = extract("Pakistani Energy Minister Tariq Hameed Rana arrived on Monday.", "en");
    CHECK(key_of(pk) == "person:x-trk-md-rn-pk");
    CHECK(key_of(in) == "person:x-trk-md-rn-in");
    CHECK(key_of(pk_en) == key_of(pk));
}

TEST_CASE("trade with the shipped data: a pipeline company is not a transit country") {
    // English
    auto x = extract("Azerbaijan exported 10 billion cubic metres of natural gas to Turkey last year "
                     "through the TANAP pipeline, Energy Minister Alparslan Bayraktar said.",
                     "en");
    std::vector<std::string> exports;
    for (const auto& n : x.nodes)
        if (n.kind == kg::NodeKind::Export) {
            exports.push_back(n.key);
            CHECK(n.attrs.at("quantity") == "10000000000");
            CHECK(n.attrs.at("unit") == "cubic-metre");
        }
    CHECK(exports == std::vector<std::string>{"export:AZ-to-TR:natural-gas"});
}

TEST_CASE("trade with the shipped data: a country listed with itself ends the extraction") {
    // Urdu: "Czechoslovakia and Hong Kong signed ... in Hong Kong": Hong Kong follows itself in
    // the list of countries. This sentence (from the 100 MB bench corpus) looped forever.
    auto x = extract("چیکوسلوواکیہ اور ہانگ کانگ نے ہانگ کانگ میں اسکورپین آبدوز کی فراہمی کے معاہدے پر دستخط کیے۔",
                     "ur");
    std::vector<std::string> agreements;
    for (const auto& n : x.nodes)
        if (n.kind == kg::NodeKind::Agreement) agreements.push_back(n.key);
    CHECK(agreements.size() == 1);
    CHECK(agreements.at(0).ends_with(":CS:HK"));
}

namespace {

// The keys of the meeting and relation nodes, with " [status]" for those that are no fact.
std::vector<std::string> relations(const kg::Extraction& x) {
    std::vector<std::string> out;
    for (const auto& n : x.nodes) {
        if (kg::is_entity(n.kind)) continue;
        auto st = n.attrs.find("status");
        out.push_back(n.key + (st == n.attrs.end() ? "" : " [" + st->second + "]"));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

TEST_CASE("relations in eight languages: who met whom, who sold what to whom, who agreed") {
    // Each language: a meeting, a shipment, an agreement, and one that is planned or denied
    // (kept with its status, with no met-with, and a key of its own).
    const std::vector<Case> cases = {
        // English
        {"en", "Russian Foreign Minister Sergey Lavrov met Chinese Foreign Minister Wang Yi in Beijing on Tuesday.",
         {"meeting:sergey-lavrov+wang-yi:at-beijing", "metwith:sergey-lavrov+wang-yi"}},
        {"en", "India imported 2 million tonnes of crude oil from Russia in March.", {"export:RU-to-IN:crude-oil"}},
        {"en", "Egypt and Russia signed an agreement on nuclear energy cooperation.", {"agreement:s:EG:RU"}},
        {"en", "Russia is expected to supply wheat to Egypt next year.", {"export:RU-to-EG:wheat:planned [planned]"}},
        // French
        {"fr", "Le ministre russe des Affaires étrangères Sergueï Lavrov s'est entretenu avec son homologue turc Hakan Fidan à Ankara.",
         {"meeting:hakan-fidan+sergey-lavrov:at-ankara", "metwith:hakan-fidan+sergey-lavrov"}},
        {"fr", "La France a exporté du blé vers l'Algérie.", {"export:FR-to-DZ:wheat"}},
        {"fr", "Le Maroc et l'Espagne ont signé un accord sur la pêche.", {"agreement:s:ES:MA"}},
        {"fr", "La Russie ne livrera pas de blé à l'Égypte.", {"export:RU-to-EG:wheat:denied [denied]"}},
        // Spanish
        {"es", "El canciller ruso Serguéi Lavrov se reunió con su homólogo brasileño Mauro Vieira en Brasilia.",
         {"meeting:mauro-vieira+sergey-lavrov:at-brasilia", "metwith:mauro-vieira+sergey-lavrov"}},
        {"es", "Argentina exportó soja a China.", {"export:AR-to-CN:soybeans"}},
        {"es", "México y Estados Unidos firmaron un acuerdo sobre migración.", {"agreement:s:MX:US"}},
        {"es", "Rusia planea exportar más gas a China.", {"export:RU-to-CN:natural-gas:planned [planned]"}},
        // Russian
        {"ru", "Министр иностранных дел России Сергей Лавров встретился с министром иностранных дел Китая Ван И в Пекине.",
         {"meeting:sergey-lavrov+wang-yi:at-beijing", "metwith:sergey-lavrov+wang-yi"}},
        {"ru", "Россия поставила пшеницу в Египет.", {"export:RU-to-EG:wheat"}},
        {"ru", "Россия и Китай подписали соглашение о поставках газа.", {"agreement:s:CN:RU"}},
        {"ru", "Россия планирует поставлять пшеницу в Египет.", {"export:RU-to-EG:wheat:planned [planned]"}},
        // Arabic
        {"ar", "التقى وزير الخارجية الروسي سيرغي لافروف نظيره الصيني وانغ يي في بكين.",
         {"meeting:sergey-lavrov+wang-yi:at-beijing", "metwith:sergey-lavrov+wang-yi"}},
        {"ar", "صدرت روسيا القمح إلى مصر.", {"export:RU-to-EG:wheat"}},
        {"ar", "وقعت مصر وروسيا اتفاقية للتعاون النووي.", {"agreement:s:EG:RU"}},
        {"ar", "من المتوقع أن توقع مصر وروسيا اتفاقية للتعاون النووي.", {"agreement:s:EG:RU:planned [planned]"}},
        // Persian
        {"fa", "سرگئی لاوروف وزیر امور خارجه روسیه با وانگ یی وزیر امور خارجه چین در پکن دیدار کرد.",
         {"meeting:sergey-lavrov+wang-yi:at-beijing", "metwith:sergey-lavrov+wang-yi"}},
        {"fa", "ایران نفت خام به چین صادر کرد.", {"export:IR-to-CN:crude-oil"}},
        {"fa", "ایران و روسیه توافقنامه همکاری امضا کردند.", {"agreement:s:IR:RU"}},
        {"fa", "قرار است ایران گاز به ترکیه صادر کند.", {"export:IR-to-TR:natural-gas:planned [planned]"}},
        // Urdu
        {"ur", "وزیر خارجہ اسحاق ڈار نے بیجنگ میں اپنے چینی ہم منصب وانگ یی سے ملاقات کی۔",
         {"meeting:ishaq-dar+wang-yi:at-beijing", "metwith:ishaq-dar+wang-yi"}},
        {"ur", "پاکستان نے روس سے خام تیل درآمد کیا۔", {"export:RU-to-PK:crude-oil"}},
        {"ur", "پاکستان اور چین نے تجارت بڑھانے کے معاہدے پر دستخط کیے۔", {"agreement:s:CN:PK"}},
        {"ur", "پاکستان اور بھارت کے درمیان کوئی مذاکرات نہیں ہوئے۔", {"meeting:IN+PK:article-s:denied [denied]"}},
        // Hindi
        {"hi", "विदेश मंत्री एस जयशंकर ने मॉस्को में रूसी विदेश मंत्री सर्गेई लावरोव से मुलाकात की।",
         {"meeting:s-jaishankar+sergey-lavrov:at-moscow", "metwith:s-jaishankar+sergey-lavrov"}},
        {"hi", "भारत ने रूस से कच्चे तेल का आयात किया।", {"export:RU-to-IN:crude-oil"}},
        {"hi", "भारत और जापान ने एक समझौते पर हस्ताक्षर किए।", {"agreement:s:IN:JP"}},
        {"hi", "भारत रूस से गेहूं आयात करने की योजना बना रहा है।", {"export:RU-to-IN:wheat:planned [planned]"}},
        // Quantities (checked below): a number word begins a number, digits with separators
        {"ar", "سلمت روسيا 50 ألف جرعة من لقاح سبوتنيك V إلى باكستان.", {"export:RU-to-PK:sputnik-v"}},
        {"ur", "پاکستان نے روس سے ایک لاکھ ٹن گندم درآمد کی۔", {"export:RU-to-PK:wheat"}},
        // Goods listed after the trade word's clause; "according to" is no destination
        {"en", "China is Nigeria's largest source of imports: Chinese exports to Nigeria, dominated by machinery "
               "and electronics, reached $19 billion, according to Chinese customs data.",
         {"export:CN-to-NG:electronics", "export:CN-to-NG:machinery"}},
        {"ur", "پاکستان نے بنگلہ دیش کو 66 کروڑ ڈالر کی برآمدات کیں، جن میں کپاس اور چاول نمایاں ہیں۔",
         {"export:PK-to-BD:cotton", "export:PK-to-BD:rice"}},
        // Two trades in one sentence: each marker answers to the trade word before it, and an
        // adjective with a trade word between it and the goods is not theirs
        {"es", "La siderurgia argentina importa mineral de hierro brasileño, y Brasil exportó energía eléctrica a "
               "la Argentina.",
         {"export:BR-to-AR:electricity", "export:BR-to-AR:iron-ore"}},
        // "the Kingdom" stands for the article's one kingdom; with two kingdoms, for neither
        {"ar", "زار وزير الخارجية المصري الرياض. وبلغت الصادرات المصرية إلى المملكة 2.9 مليار دولار من الموالح.",
         {"export:EG-to-SA:citrus"}},
        {"fr", "Le Maroc et l'Espagne ont signé un accord. Le Royaume importe du gaz naturel d'Espagne.",
         {"agreement:s:ES:MA", "export:ES-to-MA:natural-gas"}},
        {"fr", "Le Maroc, l'Espagne et l'Égypte ont signé un accord. Le Royaume importe du gaz naturel.",
         {"agreement:s:EG:ES:MA"}},
        // A title of several people stands for the article's holders of that office
        {"en", "Indian Foreign Minister S. Jaishankar and Pakistani Foreign Minister Bilawal Bhutto Zardari were "
               "both in Goa. The Indian and Pakistani foreign ministers held no bilateral talks.",
         {"meeting:bilawal-bhutto-zardari+s-jaishankar:article-s:denied [denied]"}},
        {"ar", "وصل وزير الخارجية المصري سامح شكري إلى الرياض حيث كان وزير الخارجية السعودي فيصل بن فرحان في "
               "استقباله. وعقد وزيرا الخارجية جلسة مباحثات موسعة.",
         {"meeting:faisal-bin-farhan+sameh-shoukry:article-s", "metwith:faisal-bin-farhan+sameh-shoukry"}},
        {"ru", "Министр иностранных дел России Сергей Лавров прибыл в Анкару. Его турецкий коллега Хакан Фидан "
               "встретил его в аэропорту. Министры иностранных дел провели переговоры.",
         {"meeting:hakan-fidan+sergey-lavrov:article-s", "metwith:hakan-fidan+sergey-lavrov"}},
        // A contrast word ("while", "mientras que", "بينما") splits a sentence into two trades,
        // each with its own sides and goods; an adjective on the trade word names its side
        {"en", "Kenya buys steel from China, while Kenyan exports to India are led by tea.",
         {"export:CN-to-KE:steel", "export:KE-to-IN:tea"}},
        {"es", "España compra gas a Argelia, mientras que las exportaciones españolas a Marruecos son de automóviles.",
         {"export:DZ-to-ES:natural-gas", "export:ES-to-MA:cars"}},
        {"ur", "پاکستان اور چین کے درمیان تجارت بڑھ رہی ہے۔ پاکستانی برآمدات میں چاول اور تل نمایاں رہے۔",
         {"export:PK-to-CN:rice", "export:PK-to-CN:sesame"}},
        // ... and a later span that names one side and no goods keeps those of the span before
        {"ar", "تصدر قطر الغاز الطبيعي المسال إلى الصين، بينما تذهب شحنات أخرى إلى إيطاليا.",
         {"export:QA-to-CN:lng", "export:QA-to-IT:lng"}},
        // A postposition or a preposition between two countries is no "and": each keeps its own role
        {"hi", "नेपाल से भारत में चावल का आयात हुआ।", {"export:NP-to-IN:rice"}},
        {"ur", "ایران سے پاکستان میں چاول کی درآمد ہوئی۔", {"export:IR-to-PK:rice"}},
        {"ru", "Через Термез и Афганистан в Пакистан поступает узбекская мука.", {"export:UZ-to-PK:flour"}},
        // A body named first is the seller; a city is one only before the trade word
        {"fr", "Sonatrach livre du gaz naturel au groupe italien Eni.", {"export:DZ-to-IT:natural-gas"}},
        {"en", "Tehran ships crude oil to Damascus.", {"export:IR-to-SY:crude-oil"}},
        {"fr", "Elle a livré du blé au Mali par le port de Dakar.", {}},
        // Goods of the sentence before are traded when a country is named, not a plant and a firm
        {"en", "Egypt needs more wheat. Russia shipped 2 million tonnes to Egypt.", {"export:RU-to-EG:wheat"}},
        {"ru", "Цены на нефть снизились. Часть сырья поступает на завод в Мумбаи, которым владеет «Роснефть».", {}},
        // Hindi and Urdu चीनी, چینی (Chinese, and sugar) listed with goods are sugar
        {"hi", "भारत नेपाल को मुख्य रूप से दवाइयां, वाहन और चीनी भेजता है।",
         {"export:IN-to-NP:cars", "export:IN-to-NP:medicines", "export:IN-to-NP:sugar"}},
        {"ur", "پاکستان افغانستان کو گندم اور چینی برآمد کرتا ہے۔", {"export:PK-to-AF:sugar", "export:PK-to-AF:wheat"}},
        // Arabic "later" alone tells what happened next; "later this month" is still to come
        {"ar", "وفي وقت لاحق، التقى وزير الخارجية الروسي سيرغي لافروف نظيره الصيني وانغ يي في بكين.",
         {"meeting:sergey-lavrov+wang-yi:at-beijing", "metwith:sergey-lavrov+wang-yi"}},
        {"ar", "يلتقي وزير الخارجية الروسي سيرغي لافروف نظيره الصيني وانغ يي في بكين في وقت لاحق من هذا الشهر.",
         {"meeting:sergey-lavrov+wang-yi:at-beijing:planned [planned]"}},
        // Goods arriving: "llegan desde", the buyer an adjective
        {"es", "Las flores que llegan a España desde Colombia.", {"export:CO-to-ES:cut-flowers"}},
    };
    for (const auto& c : cases) {
        const std::string text = c.text;
        CAPTURE(text);
        CHECK(relations(extract(c.text, c.lang)) == c.want);
    }
}

// The meetings of an extraction: "key" for each Event node.
std::vector<std::string> meetings(const kg::Extraction& x) {
    std::vector<std::string> out;
    for (const auto& n : x.nodes)
        if (n.kind == kg::NodeKind::Meeting) out.push_back(n.key);
    std::sort(out.begin(), out.end());
    return out;
}

TEST_CASE("a country told by what it is: its region, or the other of the article's two countries") {
    const std::vector<Case> cases = {
        {"es", "Perú y España firmaron un acuerdo comercial. España exporta al país andino maquinaria y medicamentos.",
         {"agreement:s:ES:PE", "export:ES-to-PE:machinery", "export:ES-to-PE:medicines"}},
        {"ru", "Россия и Монголия подписали соглашение. Российская сторона поставляет в соседнюю республику электроэнергию.",
         {"agreement:s:MN:RU", "export:RU-to-MN:electricity"}},
        {"hi", "भारत और नेपाल ने समझौते पर हस्ताक्षर किए। भारत पड़ोसी देश को बिजली निर्यात करता है।",
         {"agreement:s:IN:NP", "export:IN-to-NP:electricity"}},
        // The region must fit: no Andean country in the article, no destination.
        {"es", "China y España firmaron un acuerdo comercial. España exporta al país andino maquinaria.",
         {"agreement:s:CN:ES"}},
        // A neighbour in a sentence that names neither main country is no one.
        {"hi", "भारत और नेपाल ने समझौते पर हस्ताक्षर किए। पड़ोसी देश को बिजली निर्यात होती है।", {"agreement:s:IN:NP"}},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(relations(extract(c.text, c.lang)) == c.want);
    }
}

TEST_CASE("meetings across sentences: the lead event's day, the same meeting told again, the place of the verb") {
    const std::vector<Case> cases = {
        // French: the publication date in digits; Lavrov, in the lead, meets someone else later
        {"fr", "Publié le 18/04/2024\n\nLe ministre russe des Affaires étrangères Sergueï Lavrov s'est entretenu "
               "mercredi à Ankara avec son homologue turc Hakan Fidan. M. Lavrov a ensuite rencontré le président "
               "turc Recep Tayyip Erdoğan.",
         {"meeting:hakan-fidan+sergey-lavrov:2024-04-17", "meeting:recep-tayyip-erdogan+sergey-lavrov:2024-04-17"}},
        // Spanish: "En paralelo" joins a meeting of other people to the lead's day
        {"es", "Viernes 28 de febrero de 2025\n\nEl canciller ruso Serguéi Lavrov se reunió el jueves en Pekín con "
               "su homólogo chino Wang Yi. En paralelo, el canciller indio S. Jaishankar se reunió con el canciller "
               "turco Hakan Fidan.",
         {"meeting:hakan-fidan+s-jaishankar:2025-02-27", "meeting:sergey-lavrov+wang-yi:2025-02-27"}},
        // ... but without such words, other people's meeting keeps no day
        {"es", "Viernes 28 de febrero de 2025\n\nEl canciller ruso Serguéi Lavrov se reunió el jueves en Pekín con "
               "su homólogo chino Wang Yi. El canciller indio S. Jaishankar se reunió con el canciller turco "
               "Hakan Fidan en Ankara.",
         {"meeting:hakan-fidan+s-jaishankar:at-ankara", "meeting:sergey-lavrov+wang-yi:2025-02-27"}},
        // English: a day found after the first three sentences of events is a side story's, not the lead's
        {"en", "October 12, 2024\n\nGerman Chancellor Olaf Scholz met Ukrainian President Volodymyr Zelensky in "
               "Berlin. Germany supplied air-defence systems to Ukraine. Germany and Ukraine signed an agreement on "
               "spare parts. On Thursday, Russian Foreign Minister Sergey Lavrov met Chinese Foreign Minister Wang Yi "
               "in Beijing.",
         {"meeting:olaf-scholz+volodymyr-zelensky:at-berlin", "meeting:sergey-lavrov+wang-yi:2024-10-10"}},
        // Persian: "today" is the publication day (8 Azar 1401)
        {"fa", "تاریخ انتشار: ۸ آذر ۱۴۰۱\n\nسرگئی لاوروف وزیر امور خارجه روسیه امروز با وانگ یی وزیر امور خارجه "
               "چین در پکن دیدار کرد.",
         {"meeting:sergey-lavrov+wang-yi:2022-11-29"}},
        // "The two countries held talks" beside their ministers' meeting is that meeting
        {"en", "Indian Foreign Minister S. Jaishankar met Russian Foreign Minister Sergey Lavrov in Moscow. India "
               "and Russia also held talks on trade.",
         {"meeting:s-jaishankar+sergey-lavrov:at-moscow"}},
        {"en", "Indian Foreign Minister S. Jaishankar met Russian Foreign Minister Sergey Lavrov in Moscow. China "
               "and Russia also held talks on trade.",
         {"meeting:CN+RU:article-s", "meeting:s-jaishankar+sergey-lavrov:at-moscow"}},
        // Arabic: a person named after "will hold" is in a planned meeting, not in the one held
        {"ar", "التقى وزير الخارجية الروسي سيرغي لافروف نظيره الصيني وانغ يي في بكين، كما سيعقد اجتماعات مع الرئيس "
               "الصيني شي جين بينغ.",
         {"meeting:sergey-lavrov+wang-yi:at-beijing"}},
        // Urdu, verb-final: the place after the verb is where the next session will be, not this one
        {"ur", "وزیر خارجہ اسحاق ڈار نے اسلام آباد میں اپنے چینی ہم منصب وانگ یی سے ملاقات کی جس میں دونوں وزرا نے "
               "اگلا اجلاس بیجنگ میں بلانے پر اتفاق کیا۔",
         {"meeting:ishaq-dar+wang-yi:at-islamabad"}},
    };
    for (const auto& c : cases) {
        const std::string text = c.text;
        CAPTURE(text);
        std::string got, want;
        for (const auto& k : meetings(extract(c.text, c.lang))) got += k + "\n";
        for (const auto& k : c.want) want += k + "\n";
        CHECK(got == want);
    }
}

TEST_CASE("quantities in eight languages: digits, separators, native digits and number words") {
    struct QuantityCase {
        const char* lang;
        const char* text;
        const char* key;
        const char* quantity;
        const char* unit;
    };
    const std::vector<QuantityCase> cases = {
        {"ar", "سلمت روسيا 50 ألف جرعة من لقاح سبوتنيك V إلى باكستان.", "export:RU-to-PK:sputnik-v", "50000", "dose"},
        {"en", "Russia delivered 150,000 doses of the Sputnik V vaccine to Pakistan.", "export:RU-to-PK:sputnik-v", "150000", "dose"},
        {"hi", "भारत ने रूस से 20 लाख टन कच्चे तेल का आयात किया।", "export:RU-to-IN:crude-oil", "2000000", "tonne"},
        {"fa", "ایران ۳۰۰ هزار تن گندم به عراق صادر کرد.", "export:IR-to-IQ:wheat", "300000", "tonne"},
        {"ru", "Россия поставила в Египет 1,2 млн тонн пшеницы.", "export:RU-to-EG:wheat", "1200000", "tonne"},
        {"ur", "پاکستان نے روس سے ایک لاکھ ٹن گندم درآمد کی۔", "export:RU-to-PK:wheat", "100000", "tonne"},
        {"es", "Argentina exportó 3 millones de toneladas de soja a China.", "export:AR-to-CN:soybeans", "3000000", "tonne"},
    };
    for (const auto& c : cases) {
        const std::string text = c.text;
        CAPTURE(text);
        const auto x = extract(c.text, c.lang);
        const kg::NodeRecord* found = nullptr;
        for (const auto& n : x.nodes)
            if (n.key == c.key) found = &n;
        REQUIRE(found != nullptr);
        auto attr = [&](const char* k) {
            auto it = found->attrs.find(k);
            return it == found->attrs.end() ? std::string("(none)") : it->second;
        };
        CHECK(attr("quantity") == c.quantity);
        CHECK(attr("unit") == c.unit);
    }
}
