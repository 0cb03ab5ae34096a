/*  imi_gen_directory_data: the tables imi_gen_directory draws from.

    Real place names (with their diacritics, apostrophes and hyphens) and
    postcodes of each state's seat of government, cities and regions; kinds
    of authority in each state's own language(s) with an English rendering.
    The formats are described in imi_gen_directory.c. Names are the shapes
    real bodies have; the combinations (a chamber in a city that has none,
    say) are invented, and so are every address, phone number and e-mail.
*/

//  Street shapes per language (or STATE-lang where usage differs), and the
//  local part of the e-mail address a body of that language would use.
static const s_streets_t s_streets_table [] = {
    { "de", "kontakt", "Friedrichstraße {n};Hauptstraße {n};Bahnhofstraße {n};Schillerplatz {n};"
                       "Am Markt {n};Goethestraße {n};Kaiser-Wilhelm-Ring {n};Lindenallee {n}" },
    { "AT-de", "office", "Hauptplatz {n};Bahnhofstraße {n};Landstraße {n};Herrengasse {n};"
                         "Kärntner Straße {n};Schmiedgasse {n}" },
    { "LI-de", "info", "Städtle {n};Äulestrasse {n};Landstrasse {n};Kirchstrasse {n}" },
    { "BE-de", "info", "Gospertstraße {n};Klötzerbahn {n};Hauptstraße {n};Kirchstraße {n}" },
    { "LU-de", "info", "{n}, boulevard Royal;{n}, rue Notre-Dame;{n}, avenue de la Liberté" },
    { "fr", "contact", "{n} rue de la République;{n} avenue Jean-Jaurès;{n} boulevard Victor-Hugo;"
                       "{n} place de l'Hôtel-de-Ville;{n} rue Pasteur;{n} rue du Général-de-Gaulle;"
                       "{n} allée des Tilleuls;{n} cours Gambetta" },
    { "BE-fr", "info", "Rue de la Loi {n};Boulevard du Régent {n};Place Saint-Lambert {n};"
                       "Rue des Guillemins {n};Avenue de la Toison d'Or {n}" },
    { "LU-fr", "info", "{n}, boulevard Royal;{n}, rue Notre-Dame;{n}, avenue de la Liberté;"
                       "{n}, rue du Fossé;{n}, route d'Arlon" },
    { "nl", "info", "Stationsstraat {n};Kerkstraat {n};Koningin Julianaplein {n};Marktplein {n};"
                    "Lange Voorhout {n};Oudegracht {n}" },
    { "BE-nl", "info", "Kunstlaan {n};Meir {n};Korenmarkt {n};Stationsstraat {n};Grote Markt {n}" },
    { "it", "info", "Via Roma, {n};Corso Vittorio Emanuele II, {n};Piazza Garibaldi, {n};"
                    "Via Giuseppe Mazzini, {n};Viale della Repubblica, {n};Via Dante Alighieri, {n}" },
    { "es", "info", "Calle Mayor, {n};Avenida de la Constitución, {n};Plaza de España, {n};"
                    "Calle de Alcalá, {n};Paseo de la Castellana, {n};Calle Real, {n}" },
    { "pt", "geral", "Rua Augusta, {n};Avenida da Liberdade, {n};Praça do Comércio, {n};"
                     "Rua de Santa Catarina, {n};Avenida dos Aliados, {n}" },
    { "pl", "kontakt", "ul. Piotrkowska {n};ul. Marszałkowska {n};al. Jana Pawła II {n};"
                       "ul. Mickiewicza {n};pl. Wolności {n};ul. Kościuszki {n};ul. Długa {n}" },
    { "cs", "podatelna", "Národní {n};Masarykova {n};náměstí Svobody {n};Palackého {n};Husova {n}" },
    { "sk", "podatelna", "Hlavná {n};Námestie SNP {n};Štúrova {n};Obchodná {n};Mierová {n}" },
    { "sl", "gp", "Slovenska cesta {n};Prešernov trg {n};Trubarjeva cesta {n};Glavni trg {n}" },
    { "hr", "pisarnica", "Ulica grada Vukovara {n};Trg bana Josipa Jelačića {n};Ilica {n};"
                         "Savska cesta {n}" },
    { "hu", "ugyfelszolgalat", "Kossuth Lajos utca {n}.;Petőfi Sándor utca {n}.;Rákóczi út {n}.;"
                               "Széchenyi tér {n}.;Andrássy út {n}." },
    { "ro", "registratura", "Bulevardul Unirii nr. {n};Calea Victoriei nr. {n};"
                            "Strada Republicii nr. {n};Piața Unirii nr. {n};Bulevardul Eroilor nr. {n}" },
    { "bg", "delovodstvo", "ул. „Граф Игнатиев“ № {n};бул. „Витоша“ № {n};ул. „Раковски“ № {n};"
                           "бул. „Александър Стамболийски“ № {n}" },
    { "el", "info", "Οδός Ερμού {n};Λεωφόρος Βασιλίσσης Σοφίας {n};Οδός Αριστοτέλους {n};"
                    "Οδός Εγνατίας {n};Λεωφόρος Συγγρού {n}" },
    { "CY-el", "info", "Λεωφόρος Μακαρίου Γ΄ {n};Οδός Λήδρας {n};Λεωφόρος Ευαγόρου {n};"
                       "Οδός Ανεξαρτησίας {n}" },
    { "da", "post", "Vestergade {n};Nørregade {n};Strandvejen {n};Rådhuspladsen {n};Søndergade {n}" },
    { "sv", "registrator", "Drottninggatan {n};Storgatan {n};Kungsgatan {n};Stora torget {n};"
                           "Järnvägsgatan {n}" },
    { "fi", "kirjaamo", "Mannerheimintie {n};Hämeenkatu {n};Kauppakatu {n};Rautatienkatu {n};"
                        "Aleksanterinkatu {n}" },
    { "no", "postmottak", "Karl Johans gate {n};Storgata {n};Kongens gate {n};Dronningens gate {n};"
                          "Torggata {n}" },
    { "is", "postur", "Laugavegur {n};Borgartún {n};Hafnarstræti {n};Skólavörðustígur {n}" },
    { "et", "info", "Narva mnt {n};Pärnu mnt {n};Tartu mnt {n};Lossi plats {n};Rüütli {n}" },
    { "lv", "pasts", "Brīvības iela {n};Elizabetes iela {n};Krišjāņa Valdemāra iela {n};"
                     "Raiņa bulvāris {n}" },
    { "lt", "info", "Gedimino pr. {n};Vilniaus g. {n};Laisvės al. {n};Konstitucijos pr. {n}" },
    { "en", "info", "{n} Main Street;{n} O'Connell Street;{n} Harcourt Street;{n} Patrick Street;"
                    "{n} Merrion Square" },
    { "mt", "info", "Triq il-Merkanti {n};Triq ir-Repubblika {n};Triq San Pawl {n};"
                    "Triq l-Ordinanza {n}" },
    { NULL, NULL, NULL }
};

//  Legal area codes of data/catalogue/legal_areas.tsv, short for the tables.
#define A_PQ    "professional-qualifications"
#define A_EPC   "european-professional-card"
#define A_SV    "services"
#define A_PW    "posted-workers"
#define A_EC    "euro-cash-transport"
#define A_SOL   "solvit"
#define A_SMR   "solvit-mutual-recognition"
#define A_PR    "patients-rights"
#define A_ECOM  "e-commerce"
#define A_TDL   "train-driving-licences"
#define A_CO    "cultural-objects"
#define A_NRMM  "non-road-mobile-machinery"
#define A_GDPR  "gdpr"
#define A_PD    "public-documents"
#define A_FA    "firearms"
#define A_CPC   "consumer-protection-cooperation"
#define A_EJN   "ejn-civil-commercial"
#define A_RT    "road-transport"
#define A_SDG   "single-digital-gateway"

//  ---- Germany
static const char *const s_places_de [] = {
    "Berlin;;;10117", "Hamburg;;;20095", "München;;Munich;80331", "Köln;;Cologne;50667",
    "Frankfurt am Main;;;60311", "Stuttgart;;;70173", "Düsseldorf;;;40213", "Leipzig;;;04109",
    "Dortmund;;;44135", "Essen;;;45127", "Bremen;;;28195", "Dresden;;;01067",
    "Hannover;;Hanover;30159", "Nürnberg;;Nuremberg;90402", "Duisburg;;;47051",
    "Bochum;;;44787", "Wuppertal;;;42103", "Bielefeld;;;33602", "Bonn;;;53111",
    "Münster;;;48143", "Mannheim;;;68159", "Karlsruhe;;;76133", "Augsburg;;;86150",
    "Wiesbaden;;;65183", "Mönchengladbach;;;41061", "Gelsenkirchen;;;45879", "Aachen;;;52062",
    "Braunschweig;;;38100", "Kiel;;;24103", "Chemnitz;;;09111", "Halle (Saale);;;06108",
    "Magdeburg;;;39104", "Freiburg im Breisgau;;;79098", "Krefeld;;;47798", "Mainz;;;55116",
    "Lübeck;;;23552", "Erfurt;;;99084", "Oberhausen;;;46045", "Rostock;;;18055",
    "Kassel;;;34117", "Hagen;;;58095", "Potsdam;;;14467", "Saarbrücken;;;66111",
    "Hamm;;;59065", "Ludwigshafen am Rhein;;;67059", "Oldenburg;;;26122",
    "Mülheim an der Ruhr;;;45468", "Osnabrück;;;49074", "Leverkusen;;;51373",
    "Darmstadt;;;64283", "Heidelberg;;;69117", "Solingen;;;42651", "Regensburg;;;93047",
    "Herne;;;44623", "Paderborn;;;33098", "Neuss;;;41460", "Ingolstadt;;;85049",
    "Offenbach am Main;;;63065", "Fürth;;;90762", "Würzburg;;;97070", "Ulm;;;89073",
    "Heilbronn;;;74072", "Pforzheim;;;75175", "Wolfsburg;;;38440", "Göttingen;;;37073",
    "Bottrop;;;46236", "Reutlingen;;;72764", "Koblenz;;;56068", "Bremerhaven;;;27570",
    "Recklinghausen;;;45657", "Erlangen;;;91052", "Bergisch Gladbach;;;51465", "Trier;;;54290",
    "Jena;;;07743", "Remscheid;;;42853", "Salzgitter;;;38226", "Moers;;;47441",
    "Siegen;;;57072", "Hildesheim;;;31134", "Cottbus;;;03046", "Gütersloh;;;33330",
    "Schwerin;;;19053", "Gera;;;07545", "Flensburg;;;24937", "Zwickau;;;08056",
    "Görlitz;;;02826", "Frankfurt (Oder);;;15230", "Stralsund;;;18439", "Greifswald;;;17489",
    "Passau;;;94032", "Bamberg;;;96047", "Bayreuth;;;95444", "Landshut;;;84028",
    "Rosenheim;;;83022", "Kempten (Allgäu);;;87435", "Konstanz;;;78462", "Tübingen;;;72072",
    "Gießen;;;35390", "Marburg;;;35037", "Fulda;;;36037", "Lüneburg;;;21335", "Celle;;;29221",
    "Wilhelmshaven;;;26382", "Weimar;;;99423", "Dessau-Roßlau;;;06844",
    "Neubrandenburg;;;17033", "Plauen;;;08523", "Baden-Baden;;;76530",
    "Esslingen am Neckar;;;73728", "Garmisch-Partenkirchen;;;82467",
    "*Baden-Württemberg;;;70173;;Stuttgart", "*Bayern;;Bavaria;80539;;München",
    "*Berlin;;;10179;;Berlin", "*Brandenburg;;;14473;;Potsdam", "*Bremen;;;28195;;Bremen",
    "*Hamburg;;;20095;;Hamburg", "*Hessen;;Hesse;65185;;Wiesbaden",
    "*Mecklenburg-Vorpommern;;Mecklenburg-Western Pomerania;19053;;Schwerin",
    "*Niedersachsen;;Lower Saxony;30169;;Hannover",
    "*Nordrhein-Westfalen;;North Rhine-Westphalia;40213;;Düsseldorf",
    "*Rheinland-Pfalz;;Rhineland-Palatinate;55116;;Mainz", "*Saarland;;;66119;;Saarbrücken",
    "*Sachsen;;Saxony;01097;;Dresden", "*Sachsen-Anhalt;;Saxony-Anhalt;39104;;Magdeburg",
    "*Schleswig-Holstein;;;24105;;Kiel", "*Thüringen;;Thuringia;99096;;Erfurt",
    NULL
};

static const char *const s_templates_de [] = {
    "n|de=Bundesministerium für Gesundheit;en=Federal Ministry of Health|BMG|"
        "de=Gesundheitsberufe,Patientenrechte;en=health professions,patients' rights|" A_PR "," A_PQ,
    "n|de=Bundesministerium für Arbeit und Soziales;en=Federal Ministry of Labour and Social Affairs|"
        "BMAS|de=Arbeitnehmerentsendung,Mindestlohn;en=posting of workers,minimum wage|" A_PW,
    "n|de=Generalzolldirektion – Finanzkontrolle Schwarzarbeit;en=Central Customs Authority – "
        "Financial Monitoring of Undeclared Work|FKS|de=Schwarzarbeit,Entsendung,Mindestlohn;"
        "en=undeclared work,posting,minimum wage|" A_PW "," A_RT,
    "n|de=Bundesamt für Logistik und Mobilität;en=Federal Office for Logistics and Mobility|BALM|"
        "de=Güterkraftverkehr,Lenk- und Ruhezeiten;en=road haulage,driving times|" A_RT,
    "n|de=Deutsche Bundesbank;en=Deutsche Bundesbank|BBk|de=Bargeld,Werttransport;"
        "en=cash,cash-in-transit|" A_EC,
    "n|de=Die Beauftragte der Bundesregierung für Kultur und Medien;en=Federal Government "
        "Commissioner for Culture and the Media|BKM|de=Kulturgutschutz,Rückgabe;"
        "en=protection of cultural property,return|" A_CO,
    "n|de=Der Bundesbeauftragte für den Datenschutz und die Informationsfreiheit;en=Federal "
        "Commissioner for Data Protection and Freedom of Information|BfDI|de=Datenschutz;"
        "en=data protection|" A_GDPR,
    "n|de=Kraftfahrt-Bundesamt;en=Federal Motor Transport Authority|KBA|"
        "de=Typgenehmigung,Motoren;en=type approval,engines|" A_NRMM,
    "n|de=Eisenbahn-Bundesamt;en=Federal Railway Authority|EBA|"
        "de=Triebfahrzeugführer,Fahrerlaubnis;en=train drivers,licence|" A_TDL,
    "n|de=Bundesamt für Justiz;en=Federal Office of Justice|BfJ|"
        "de=justizielle Zusammenarbeit,öffentliche Urkunden;en=judicial cooperation,public documents|"
        A_EJN "," A_PD,
    "n|de=Bundesamt für Verbraucherschutz und Lebensmittelsicherheit;en=Federal Office of Consumer "
        "Protection and Food Safety|BVL|de=Verbraucherschutz;en=consumer protection|" A_CPC,
    "n|de=SOLVIT Deutschland;en=SOLVIT Germany|SOLVIT DE|de=Binnenmarkt,Beschwerde;"
        "en=single market,complaint|" A_SOL "," A_SMR,
    "n|de=Bundesnetzagentur;en=Federal Network Agency|BNetzA|de=Telemedien,Online-Dienste;"
        "en=e-commerce,online services|" A_ECOM,
    "n|de=Bundesverwaltungsamt;en=Federal Office of Administration|BVA|"
        "de=Onlinezugang,Nachweise;en=online access,evidence|" A_SDG,
    "n|de=Bundesärztekammer;en=German Medical Association|BÄK|de=Ärzte,Berufsordnung;"
        "en=doctors,professional code|" A_PQ,
    "n|de=Bundeskriminalamt;en=Federal Criminal Police Office|BKA|de=Waffenrecht,Kulturgut;"
        "en=firearms,cultural property|" A_FA "," A_CO,
    "n|de=Deutsche Verbindungsstelle Krankenversicherung – Ausland;en=German Liaison Agency "
        "Health Insurance – International|DVKA|de=Kostenerstattung,Nationale Kontaktstelle;"
        "en=reimbursement,national contact point|" A_PR,
    "c|de=Gesundheitsamt {c};en={e} Public Health Office||de=Gesundheitsamt,Heilpraktiker;"
        "en=public health,health professions|" A_PQ "," A_PR,
    "c|de=Gewerbeamt {c};en={e} Trade Licensing Office||de=Gewerbeanmeldung,Reisegewerbe;"
        "en=business registration,itinerant trade|" A_SV "," A_SDG,
    "c|de=Standesamt {c};en={e} Registry Office||de=Geburtsurkunde,Eheurkunde;"
        "en=birth certificate,marriage certificate|" A_PD "," A_SDG,
    "c|de=Hauptzollamt {c};en={e} Main Customs Office|HZA|de=Schwarzarbeit,Mindestlohn;"
        "en=undeclared work,minimum wage|" A_PW "," A_RT,
    "c|de=Handwerkskammer {c};en={e} Chamber of Crafts|HWK|de=Handwerk,Meisterbrief;"
        "en=crafts,master craftsman|" A_PQ "," A_SV,
    "c|de=Industrie- und Handelskammer {c};en={e} Chamber of Commerce and Industry|IHK|"
        "de=Berufsanerkennung,Gewerbe;en=recognition,business|" A_PQ "," A_SV,
    "c|de=Waffenbehörde der Stadt {c};en={e} Firearms Authority||de=Waffenbesitzkarte,Waffenschein;"
        "en=firearms licence|" A_FA,
    "c|de=Amtsgericht {c};en={e} Local Court|AG|de=Zivilsachen,Rechtshilfe;"
        "en=civil matters,judicial assistance|" A_EJN,
    "c|de=Rechtsanwaltskammer {c};en={e} Bar Association|RAK|de=Rechtsanwälte,Zulassung;"
        "en=lawyers,admission|" A_PQ "," A_SV,
    "c|de=Steuerberaterkammer {c};en={e} Chamber of Tax Advisers|StBK|de=Steuerberater;"
        "en=tax advisers|" A_PQ "," A_SV,
    "c|de=Gewerbeaufsichtsamt {c};en={e} Trade Inspectorate||de=Arbeitsschutz,Marktüberwachung;"
        "en=occupational safety,market surveillance|" A_PW "," A_NRMM,
    "c|de=Veterinäramt {c};en={e} Veterinary Office||de=Tierärzte;en=veterinarians|" A_PQ,
    "c|de=Bürgeramt {c};en={e} Citizens' Office||de=Bürgerservice,Beglaubigung;"
        "en=citizen services,certification|" A_SDG "," A_PD,
    "c|de=Polizeipräsidium {c};en={e} Police Headquarters|PP|de=Waffenrecht;en=firearms law|" A_FA,
    "c|de=Bauaufsichtsamt {c};en={e} Building Control Office||de=Bauvorlageberechtigung,Architekten;"
        "en=building permits,architects|" A_PQ "," A_SV,
    "c|de=Agentur für Arbeit {c};en={e} Employment Agency||de=Arbeitsvermittlung,Anerkennungsberatung;"
        "en=job placement,recognition advice|" A_PQ "," A_PW,
    "c|de=Ordnungsamt {c};en={e} Public Order Office||de=Erlaubnisse,Gewerbeüberwachung;"
        "en=permits,trade supervision|" A_SV "," A_FA,
    "c|de=Staatliches Schulamt {c};en={e} State School Authority||de=Lehrkräfte,Anerkennung;"
        "en=teachers,recognition|" A_PQ,
    "c|de=Landgericht {c};en={e} Regional Court|LG|de=Zivilprozess,Zustellung;"
        "en=civil proceedings,service of documents|" A_EJN "," A_PD,
    "c|de=Straßenverkehrsamt {c};en={e} Road Traffic Office||de=Fahrerlaubnis,Güterverkehr;"
        "en=driving licence,haulage|" A_RT,
    "c|de=Eichamt {c};en={e} Weights and Measures Office||de=Eichung,Messgeräte;"
        "en=calibration,measuring instruments|" A_SMR,
    "r|de=Landesärztekammer {c};en={e} State Chamber of Physicians|LÄK|"
        "de=Ärzte,Approbation,Facharzt;en=doctors,medical licence,specialist|" A_PQ "," A_PR,
    "r|de=Landeszahnärztekammer {c};en={e} State Chamber of Dentists|LZK|de=Zahnärzte;"
        "en=dentists|" A_PQ "," A_PR,
    "r|de=Landesapothekerkammer {c};en={e} State Chamber of Pharmacists|LAK|de=Apotheker;"
        "en=pharmacists|" A_PQ "," A_EPC,
    "r|de=Architektenkammer {c};en={e} Chamber of Architects|AK|de=Architekten,Stadtplaner;"
        "en=architects,urban planners|" A_PQ "," A_SV,
    "r|de=Ingenieurkammer {c};en={e} Chamber of Engineers|IK|de=Ingenieure;en=engineers|"
        A_PQ "," A_SV,
    "r|de=Psychotherapeutenkammer {c};en={e} Chamber of Psychotherapists|PTK|"
        "de=Psychotherapeuten;en=psychotherapists|" A_PQ "," A_PR,
    "r|de=Landesamt für Gesundheit und Soziales {c};en={e} State Office for Health and Social "
        "Affairs|LAGuS|de=Berufsanerkennung,Pflegefachkräfte,Physiotherapeuten;"
        "en=recognition,nurses,physiotherapists|" A_PQ "," A_EPC "," A_PR,
    "r|de=Ministerium für Arbeit, Gesundheit und Soziales {c};en={e} Ministry of Labour, Health "
        "and Social Affairs|MAGS|de=Arbeitsschutz,Entsendung;en=labour protection,posting|"
        A_PW "," A_PR,
    "r|de=Landesbeauftragte für Datenschutz und Informationsfreiheit {c};en={e} Commissioner for "
        "Data Protection and Freedom of Information|LfDI|de=Datenschutz;en=data protection|" A_GDPR,
    "r|de=Landesamt für Verbraucherschutz {c};en={e} State Office for Consumer Protection|LAV|"
        "de=Verbraucherschutz;en=consumer protection|" A_CPC "," A_SV,
    "r|de=Kultusministerium {c};en={e} Ministry of Education|KM|de=Lehrkräfte,Erzieher;"
        "en=teachers,educators|" A_PQ,
    "r|de=Landesamt für Denkmalpflege {c};en={e} State Office for the Preservation of Monuments|"
        "LfD|de=Kulturgut,Denkmalschutz;en=cultural property,heritage|" A_CO,
    "r|de=Tierärztekammer {c};en={e} Chamber of Veterinarians|TÄK|de=Tierärzte;"
        "en=veterinarians|" A_PQ,
    NULL
};

//  ---- France (départements are the regions: their authorities sit in the préfecture)
static const char *const s_places_fr [] = {
    "Paris;de Paris;;75001", "Marseille;de Marseille;;13001", "Lyon;de Lyon;;69001",
    "Toulouse;de Toulouse;;31000", "Nice;de Nice;;06000", "Nantes;de Nantes;;44000",
    "Montpellier;de Montpellier;;34000", "Strasbourg;de Strasbourg;;67000",
    "Bordeaux;de Bordeaux;;33000", "Lille;de Lille;;59000", "Rennes;de Rennes;;35000",
    "Reims;de Reims;;51100", "Toulon;de Toulon;;83000", "Grenoble;de Grenoble;;38000",
    "Dijon;de Dijon;;21000", "Angers;d'Angers;;49000", "Nîmes;de Nîmes;;30000",
    "Aix-en-Provence;d'Aix-en-Provence;;13100", "Saint-Étienne;de Saint-Étienne;;42000",
    "Clermont-Ferrand;de Clermont-Ferrand;;63000", "Brest;de Brest;;29200",
    "Tours;de Tours;;37000", "Amiens;d'Amiens;;80000", "Limoges;de Limoges;;87000",
    "Perpignan;de Perpignan;;66000", "Metz;de Metz;;57000", "Besançon;de Besançon;;25000",
    "Orléans;d'Orléans;;45000", "Rouen;de Rouen;;76000", "Mulhouse;de Mulhouse;;68100",
    "Caen;de Caen;;14000", "Nancy;de Nancy;;54000", "Avignon;d'Avignon;;84000",
    "Poitiers;de Poitiers;;86000", "Pau;de Pau;;64000", "La Rochelle;de La Rochelle;;17000",
    "Annecy;d'Annecy;;74000", "Bayonne;de Bayonne;;64100", "Colmar;de Colmar;;68000",
    "Versailles;de Versailles;;78000", "Chambéry;de Chambéry;;73000", "Valence;de Valence;;26000",
    "Ajaccio;d'Ajaccio;;20000", "Bastia;de Bastia;;20200", "Béziers;de Béziers;;34500",
    "Quimper;de Quimper;;29000", "Troyes;de Troyes;;10000", "Lorient;de Lorient;;56100",
    "Saint-Denis;de Saint-Denis;;97400", "Fort-de-France;de Fort-de-France;;97200",
    "Cayenne;de Cayenne;;97300", "Angoulême;d'Angoulême;;16000", "Niort;de Niort;;79000",
    "Vannes;de Vannes;;56000", "Arras;d'Arras;;62000", "Dunkerque;de Dunkerque;;59140",
    "Calais;de Calais;;62100", "Montauban;de Montauban;;82000", "Albi;d'Albi;;81000",
    "Carcassonne;de Carcassonne;;11000",
    "*Ain;de l'Ain;;01000;;Bourg-en-Bresse", "*Aisne;de l'Aisne;;02000;;Laon",
    "*Alpes-Maritimes;des Alpes-Maritimes;;06000;;Nice", "*Ardèche;de l'Ardèche;;07000;;Privas",
    "*Aube;de l'Aube;;10000;;Troyes", "*Bas-Rhin;du Bas-Rhin;;67000;;Strasbourg",
    "*Bouches-du-Rhône;des Bouches-du-Rhône;;13001;;Marseille",
    "*Calvados;du Calvados;;14000;;Caen", "*Charente-Maritime;de la Charente-Maritime;;17000;;La Rochelle",
    "*Corse-du-Sud;de la Corse-du-Sud;;20000;;Ajaccio", "*Côte-d'Or;de la Côte-d'Or;;21000;;Dijon",
    "*Côtes-d'Armor;des Côtes-d'Armor;;22000;;Saint-Brieuc", "*Doubs;du Doubs;;25000;;Besançon",
    "*Drôme;de la Drôme;;26000;;Valence", "*Eure-et-Loir;d'Eure-et-Loir;;28000;;Chartres",
    "*Finistère;du Finistère;;29000;;Quimper", "*Gard;du Gard;;30000;;Nîmes",
    "*Gironde;de la Gironde;;33000;;Bordeaux", "*Haute-Garonne;de la Haute-Garonne;;31000;;Toulouse",
    "*Haute-Savoie;de la Haute-Savoie;;74000;;Annecy", "*Haut-Rhin;du Haut-Rhin;;68000;;Colmar",
    "*Hérault;de l'Hérault;;34000;;Montpellier", "*Ille-et-Vilaine;d'Ille-et-Vilaine;;35000;;Rennes",
    "*Indre-et-Loire;d'Indre-et-Loire;;37000;;Tours", "*Isère;de l'Isère;;38000;;Grenoble",
    "*Landes;des Landes;;40000;;Mont-de-Marsan", "*Loire;de la Loire;;42000;;Saint-Étienne",
    "*Loire-Atlantique;de la Loire-Atlantique;;44000;;Nantes", "*Loiret;du Loiret;;45000;;Orléans",
    "*Maine-et-Loire;de Maine-et-Loire;;49000;;Angers", "*Marne;de la Marne;;51000;;Châlons-en-Champagne",
    "*Meurthe-et-Moselle;de Meurthe-et-Moselle;;54000;;Nancy", "*Morbihan;du Morbihan;;56000;;Vannes",
    "*Moselle;de la Moselle;;57000;;Metz", "*Nord;du Nord;;59000;;Lille", "*Oise;de l'Oise;;60000;;Beauvais",
    "*Pas-de-Calais;du Pas-de-Calais;;62000;;Arras", "*Puy-de-Dôme;du Puy-de-Dôme;;63000;;Clermont-Ferrand",
    "*Pyrénées-Atlantiques;des Pyrénées-Atlantiques;;64000;;Pau",
    "*Pyrénées-Orientales;des Pyrénées-Orientales;;66000;;Perpignan", "*Rhône;du Rhône;;69001;;Lyon",
    "*Sarthe;de la Sarthe;;72000;;Le Mans", "*Savoie;de la Savoie;;73000;;Chambéry",
    "*Paris;de Paris;;75001;;Paris", "*Seine-Maritime;de la Seine-Maritime;;76000;;Rouen",
    "*Seine-et-Marne;de Seine-et-Marne;;77000;;Melun", "*Yvelines;des Yvelines;;78000;;Versailles",
    "*Somme;de la Somme;;80000;;Amiens", "*Var;du Var;;83000;;Toulon", "*Vaucluse;de Vaucluse;;84000;;Avignon",
    "*Vendée;de la Vendée;;85000;;La Roche-sur-Yon", "*Vienne;de la Vienne;;86000;;Poitiers",
    "*Haute-Vienne;de la Haute-Vienne;;87000;;Limoges", "*Essonne;de l'Essonne;;91000;;Évry-Courcouronnes",
    "*Hauts-de-Seine;des Hauts-de-Seine;;92000;;Nanterre", "*Seine-Saint-Denis;de la Seine-Saint-Denis;;93000;;Bobigny",
    "*Val-de-Marne;du Val-de-Marne;;94000;;Créteil", "*Val-d'Oise;du Val-d'Oise;;95000;;Cergy",
    "*Guadeloupe;de la Guadeloupe;;97100;;Basse-Terre", "*Martinique;de la Martinique;;97200;;Fort-de-France",
    "*La Réunion;de La Réunion;;97400;;Saint-Denis",
    "*Allier;de l'Allier;;03000;;Moulins", "*Ardennes;des Ardennes;;08000;;Charleville-Mézières",
    "*Ariège;de l'Ariège;;09000;;Foix", "*Aude;de l'Aude;;11000;;Carcassonne",
    "*Aveyron;de l'Aveyron;;12000;;Rodez", "*Cantal;du Cantal;;15000;;Aurillac",
    "*Charente;de la Charente;;16000;;Angoulême", "*Cher;du Cher;;18000;;Bourges",
    "*Corrèze;de la Corrèze;;19000;;Tulle", "*Haute-Corse;de la Haute-Corse;;20200;;Bastia",
    "*Creuse;de la Creuse;;23000;;Guéret", "*Dordogne;de la Dordogne;;24000;;Périgueux",
    "*Eure;de l'Eure;;27000;;Évreux", "*Gers;du Gers;;32000;;Auch",
    "*Indre;de l'Indre;;36000;;Châteauroux", "*Jura;du Jura;;39000;;Lons-le-Saunier",
    "*Loir-et-Cher;de Loir-et-Cher;;41000;;Blois",
    "*Haute-Loire;de la Haute-Loire;;43000;;Le Puy-en-Velay", "*Lot;du Lot;;46000;;Cahors",
    "*Lot-et-Garonne;de Lot-et-Garonne;;47000;;Agen", "*Lozère;de la Lozère;;48000;;Mende",
    "*Manche;de la Manche;;50000;;Saint-Lô", "*Haute-Marne;de la Haute-Marne;;52000;;Chaumont",
    "*Mayenne;de la Mayenne;;53000;;Laval", "*Meuse;de la Meuse;;55000;;Bar-le-Duc",
    "*Nièvre;de la Nièvre;;58000;;Nevers", "*Orne;de l'Orne;;61000;;Alençon",
    "*Hautes-Pyrénées;des Hautes-Pyrénées;;65000;;Tarbes",
    "*Haute-Saône;de la Haute-Saône;;70000;;Vesoul",
    "*Saône-et-Loire;de Saône-et-Loire;;71000;;Mâcon", "*Deux-Sèvres;des Deux-Sèvres;;79000;;Niort",
    "*Tarn;du Tarn;;81000;;Albi", "*Tarn-et-Garonne;de Tarn-et-Garonne;;82000;;Montauban",
    "*Vosges;des Vosges;;88000;;Épinal", "*Yonne;de l'Yonne;;89000;;Auxerre",
    "*Territoire de Belfort;du Territoire de Belfort;;90000;;Belfort",
    "*Guyane;de la Guyane;;97300;;Cayenne", "*Mayotte;de Mayotte;;97600;;Mamoudzou",
    NULL
};

static const char *const s_templates_fr [] = {
    "n|fr=Ministère du Travail, de la Santé et des Solidarités;en=Ministry of Labour, Health and "
        "Solidarity||fr=professions de santé,détachement;en=health professions,posting|"
        A_PQ "," A_PR "," A_PW,
    "n|fr=Direction générale du travail;en=Directorate-General for Labour|DGT|"
        "fr=détachement,travailleurs détachés;en=posting of workers|" A_PW "," A_RT,
    "n|fr=Conseil national de l'Ordre des pharmaciens;en=National Council of the Order of "
        "Pharmacists|CNOP|fr=pharmaciens;en=pharmacists|" A_PQ "," A_EPC,
    "n|fr=Conseil national de l'ordre des architectes;en=National Council of the Order of "
        "Architects|CNOA|fr=architectes;en=architects|" A_PQ "," A_SV,
    "n|fr=Conseil national des barreaux;en=National Bar Council|CNB|fr=avocats;en=lawyers|"
        A_PQ "," A_SV,
    "n|fr=Commission nationale de l'informatique et des libertés;en=National Commission on "
        "Informatics and Liberty|CNIL|fr=protection des données;en=data protection|" A_GDPR,
    "n|fr=Direction générale de la concurrence, de la consommation et de la répression des "
        "fraudes;en=Directorate-General for Competition, Consumer Affairs and Fraud Control|DGCCRF|"
        "fr=consommateurs,commerce en ligne;en=consumers,online trade|" A_CPC "," A_ECOM "," A_SV,
    "n|fr=Banque de France;en=Banque de France||fr=transport de fonds,espèces;"
        "en=cash-in-transit,cash|" A_EC,
    "n|fr=Établissement public de sécurité ferroviaire;en=French Railway Safety Authority|EPSF|"
        "fr=conducteurs de train,licence;en=train drivers,licence|" A_TDL,
    "n|fr=Office central de lutte contre le trafic des biens culturels;en=Central Office for "
        "Combating Trafficking in Cultural Property|OCBC|fr=biens culturels;en=cultural property|" A_CO,
    "n|fr=Centre SOLVIT France;en=SOLVIT Centre France|SOLVIT FR|fr=marché intérieur,réclamation;"
        "en=single market,complaint|" A_SOL "," A_SMR,
    "n|fr=Centre national des soins à l'étranger;en=National Centre for Healthcare Abroad|CNSE|"
        "fr=soins transfrontaliers,remboursement;en=cross-border healthcare,reimbursement|" A_PR,
    "n|fr=Service central des armes et explosifs;en=Central Firearms and Explosives Service|SCAE|"
        "fr=armes,autorisation;en=firearms,authorisation|" A_FA,
    "n|fr=Ministère de la Justice;en=Ministry of Justice||fr=entraide civile,actes publics;"
        "en=civil judicial cooperation,public documents|" A_EJN "," A_PD,
    "n|fr=Direction interministérielle du numérique;en=Interministerial Digital Directorate|DINUM|"
        "fr=démarches en ligne;en=online procedures|" A_SDG,
    "n|fr=Direction générale de l'énergie et du climat;en=Directorate-General for Energy and "
        "Climate|DGEC|fr=moteurs,réception;en=engines,type approval|" A_NRMM,
    "c|fr=Mairie {f};en={e} Town Hall||fr=état civil,actes de naissance;"
        "en=civil status,birth certificates|" A_PD "," A_SDG,
    "c|fr=Tribunal judiciaire {f};en={e} Court of First Instance|TJ|fr=justice civile,signification;"
        "en=civil justice,service of documents|" A_EJN,
    "c|fr=Barreau {f};en={e} Bar||fr=avocats,inscription;en=lawyers,admission|" A_PQ "," A_SV,
    "c|fr=Chambre de commerce et d'industrie {f};en={e} Chamber of Commerce and Industry|CCI|"
        "fr=entreprises,formalités;en=businesses,formalities|" A_SV "," A_SDG,
    "c|fr=Centre hospitalier universitaire {f};en={e} University Hospital|CHU|"
        "fr=soins transfrontaliers,patients;en=cross-border care,patients|" A_PR,
    "c|fr=Unité de contrôle de l'inspection du travail {f};en={e} Labour Inspection Unit||"
        "fr=inspection du travail,détachement;en=labour inspection,posting|" A_PW "," A_RT,
    "c|fr=Service communal d'hygiène et de santé {f};en={e} Municipal Health and Hygiene Service|"
        "SCHS|fr=hygiène,santé publique;en=hygiene,public health|" A_PR "," A_SV,
    "c|fr=Conseil de prud'hommes {f};en={e} Employment Tribunal||fr=litiges du travail;"
        "en=employment disputes|" A_PW "," A_EJN,
    "c|fr=Centre des finances publiques {f};en={e} Public Finance Centre||fr=amendes,recouvrement;"
        "en=fines,recovery|" A_PW,
    "c|fr=Chambre des notaires {f};en={e} Chamber of Notaries||fr=notaires,actes authentiques;"
        "en=notaries,authentic instruments|" A_PD "," A_PQ,
    "r|fr=Ordre des médecins {f};en={e} Medical Council|CDOM|fr=médecins,inscription au tableau;"
        "en=doctors,registration|" A_PQ "," A_PR,
    "r|fr=Conseil départemental de l'ordre des chirurgiens-dentistes {f};en={e} Council of Dental "
        "Surgeons|CDOCD|fr=chirurgiens-dentistes;en=dentists|" A_PQ "," A_PR,
    "r|fr=Conseil départemental de l'ordre des infirmiers {f};en={e} Council of Nurses|CDOI|"
        "fr=infirmiers;en=nurses|" A_PQ "," A_EPC,
    "r|fr=Conseil départemental de l'ordre des masseurs-kinésithérapeutes {f};en={e} Council of "
        "Physiotherapists|CDOMK|fr=kinésithérapeutes;en=physiotherapists|" A_PQ "," A_EPC,
    "r|fr=Direction départementale de l'emploi, du travail et des solidarités {f};en={e} "
        "Departmental Directorate for Employment, Labour and Solidarity|DDETS|"
        "fr=détachement,inspection du travail;en=posting of workers,labour inspection|" A_PW "," A_RT,
    "r|fr=Préfecture {f};en=Prefecture of {e}||fr=armes,légalisation;en=firearms,legalisation|"
        A_FA "," A_PD "," A_SV,
    "r|fr=Caisse primaire d'assurance maladie {f};en={e} Primary Health Insurance Fund|CPAM|"
        "fr=remboursement,soins à l'étranger;en=reimbursement,healthcare abroad|" A_PR,
    "r|fr=Chambre de métiers et de l'artisanat {f};en={e} Chamber of Trades and Crafts|CMA|"
        "fr=artisans,qualification artisanale;en=craftsmen,craft qualification|" A_PQ "," A_SV,
    "r|fr=Direction départementale de la protection des populations {f};en={e} Departmental "
        "Directorate for the Protection of the Population|DDPP|fr=consommateurs,fraudes;"
        "en=consumers,fraud|" A_CPC "," A_SV,
    "r|fr=Direction des services départementaux de l'éducation nationale {f};en={e} Departmental "
        "Education Services|DSDEN|fr=enseignants;en=teachers|" A_PQ,
    "r|fr=Archives départementales {f};en={e} Departmental Archives||fr=archives,biens culturels;"
        "en=archives,cultural property|" A_CO,
    "r|fr=Conseil départemental {f};en={e} Departmental Council||fr=assistants maternels;"
        "en=childminders|" A_PQ "," A_SV,
    "c|fr=Centre communal d'action sociale {f};en={e} Municipal Social Action Centre|CCAS|"
        "fr=aide sociale,aide à domicile;en=social assistance,home care|" A_PR "," A_SV,
    "c|fr=Service des impôts des entreprises {f};en={e} Business Tax Office|SIE|"
        "fr=amendes,entreprises;en=fines,businesses|" A_PW "," A_SV,
    NULL
};

//  ---- Italy (regions' authorities are named after the regional government, "{f}")
static const char *const s_places_it [] = {
    "Roma;;Rome;00184", "Milano;;Milan;20121", "Napoli;;Naples;80133", "Torino;;Turin;10121",
    "Palermo;;;90133", "Genova;;Genoa;16121", "Bologna;;;40121", "Firenze;;Florence;50122",
    "Bari;;;70121", "Catania;;;95121", "Venezia;;Venice;30124", "Verona;;;37121",
    "Messina;;;98122", "Padova;;Padua;35122", "Trieste;;;34121", "Brescia;;;25121",
    "Parma;;;43121", "Taranto;;;74123", "Prato;;;59100", "Modena;;;41121",
    "Reggio Calabria;;;89127", "Reggio Emilia;;;42121", "Perugia;;;06121", "Ravenna;;;48121",
    "Livorno;;;57123", "Cagliari;;;09124", "Foggia;;;71121", "Rimini;;;47921", "Salerno;;;84121",
    "Ferrara;;;44121", "Sassari;;;07100", "Latina;;;04100", "Monza;;;20900",
    "Siracusa;;Syracuse;96100", "Pescara;;;65121", "Bergamo;;;24121", "Forlì;;;47121",
    "Trento;;;38122", "Vicenza;;;36100", "Terni;;;05100", "Bolzano;;;39100", "Novara;;;28100",
    "Piacenza;;;29121", "Ancona;;;60121", "Arezzo;;;52100", "Udine;;;33100", "Lecce;;;73100",
    "Pesaro;;;61121", "Alessandria;;;15121", "Pisa;;;56125", "Catanzaro;;;88100", "Como;;;22100",
    "Lucca;;;55100", "Brindisi;;;72100", "Treviso;;;31100", "Varese;;;21100", "Asti;;;14100",
    "Cosenza;;;87100", "Potenza;;;85100", "Campobasso;;;86100", "Aosta;;;11100",
    "Caserta;;;81100", "Avellino;;;83100", "Benevento;;;82100", "Siena;;;53100", "Pavia;;;27100",
    "Cremona;;;26100", "Mantova;;Mantua;46100", "Matera;;;75100", "Agrigento;;;92100",
    "Trapani;;;91100", "Ragusa;;;97100", "Nuoro;;;08100", "Oristano;;;09170", "Belluno;;;32100",
    "Rovigo;;;45100", "Sondrio;;;23100", "Macerata;;;62100", "Teramo;;;64100", "Chieti;;;66100",
    "Viterbo;;;01100", "Rieti;;;02100", "Frosinone;;;03100", "Grosseto;;;58100",
    "Pistoia;;;51100", "Savona;;;17100", "Imperia;;;18100", "Cuneo;;;12100", "Biella;;;13900",
    "Vercelli;;;13100", "Lodi;;;26900", "Lecco;;;23900", "Gorizia;;;34170", "Pordenone;;;33170",
    "Crotone;;;88900", "Vibo Valentia;;;89900", "Enna;;;94100", "Caltanissetta;;;93100",
    "*Lombardia;Regione Lombardia;Lombardy;20124;;Milano", "*Lazio;Regione Lazio;;00147;;Roma",
    "*Campania;Regione Campania;;80143;;Napoli", "*Sicilia;Regione Siciliana;Sicily;90141;;Palermo",
    "*Veneto;Regione del Veneto;;30123;;Venezia", "*Emilia-Romagna;Regione Emilia-Romagna;;40127;;Bologna",
    "*Piemonte;Regione Piemonte;Piedmont;10121;;Torino", "*Puglia;Regione Puglia;Apulia;70121;;Bari",
    "*Toscana;Regione Toscana;Tuscany;50122;;Firenze", "*Calabria;Regione Calabria;;88100;;Catanzaro",
    "*Sardegna;Regione Autonoma della Sardegna;Sardinia;09123;;Cagliari",
    "*Liguria;Regione Liguria;;16121;;Genova", "*Marche;Regione Marche;;60125;;Ancona",
    "*Abruzzo;Regione Abruzzo;;67100;;L'Aquila",
    "*Friuli Venezia Giulia;Regione autonoma Friuli Venezia Giulia;;34121;;Trieste",
    "*Umbria;Regione Umbria;;06121;;Perugia", "*Basilicata;Regione Basilicata;;85100;;Potenza",
    "*Molise;Regione Molise;;86100;;Campobasso",
    "*Valle d'Aosta;Regione autonoma Valle d'Aosta;Aosta Valley;11100;;Aosta",
    "*Trentino-Alto Adige;Provincia autonoma di Trento;Autonomous Province of Trento;38122;;Trento",
    NULL
};

static const char *const s_templates_it [] = {
    "n|it=Ministero della Salute;en=Ministry of Health||it=professioni sanitarie,riconoscimento;"
        "en=health professions,recognition|" A_PQ "," A_PR,
    "n|it=Ministero del Lavoro e delle Politiche Sociali;en=Ministry of Labour and Social Policies||"
        "it=distacco dei lavoratori;en=posting of workers|" A_PW,
    "n|it=Ispettorato Nazionale del Lavoro;en=National Labour Inspectorate|INL|"
        "it=distacco,vigilanza;en=posting,inspection|" A_PW "," A_RT,
    "n|it=Ministero delle Imprese e del Made in Italy;en=Ministry of Enterprises and Made in Italy|"
        "MIMIT|it=servizi,commercio elettronico;en=services,e-commerce|" A_SV "," A_ECOM "," A_SMR,
    "n|it=Dipartimento per gli Affari Europei – Centro SOLVIT Italia;en=Department for European "
        "Affairs – SOLVIT Centre Italy||it=mercato interno,reclami;en=single market,complaints|"
        A_SOL "," A_SMR,
    "n|it=Banca d'Italia;en=Bank of Italy||it=contante,trasporto valori;en=cash,cash-in-transit|" A_EC,
    "n|it=Garante per la protezione dei dati personali;en=Italian Data Protection Authority|GPDP|"
        "it=privacy,dati personali;en=privacy,personal data|" A_GDPR,
    "n|it=Ministero della Cultura;en=Ministry of Culture|MiC|it=beni culturali,restituzione;"
        "en=cultural property,return|" A_CO,
    "n|it=Comando Carabinieri per la Tutela del Patrimonio Culturale;en=Carabinieri Command for "
        "the Protection of Cultural Heritage|TPC|it=beni culturali,furti d'arte;"
        "en=cultural property,art theft|" A_CO,
    "n|it=Agenzia Nazionale per la Sicurezza delle Ferrovie e delle Infrastrutture Stradali e "
        "Autostradali;en=National Agency for the Safety of Railways and Road and Motorway "
        "Infrastructure|ANSFISA|it=macchinisti,licenza;en=train drivers,licence|" A_TDL,
    "n|it=Ministero della Giustizia;en=Ministry of Justice||it=cooperazione giudiziaria civile;"
        "en=civil judicial cooperation|" A_EJN "," A_PD,
    "n|it=Ministero dell'Interno;en=Ministry of the Interior||it=armi,licenze;"
        "en=firearms,licences|" A_FA,
    "n|it=Autorità Garante della Concorrenza e del Mercato;en=Italian Competition Authority|AGCM|"
        "it=consumatori,pratiche commerciali;en=consumers,commercial practices|" A_CPC,
    "n|it=Ministero delle Infrastrutture e dei Trasporti;en=Ministry of Infrastructure and "
        "Transport|MIT|it=autotrasporto,omologazione;en=road haulage,type approval|" A_RT "," A_NRMM,
    "n|it=Agenzia per l'Italia Digitale;en=Agency for Digital Italy|AgID|"
        "it=procedure online;en=online procedures|" A_SDG,
    "n|it=Consiglio Nazionale Forense;en=National Bar Council|CNF|it=avvocati;en=lawyers|"
        A_PQ "," A_SV,
    "n|it=Federazione Nazionale degli Ordini dei Medici Chirurghi e degli Odontoiatri;en=National "
        "Federation of the Orders of Physicians and Dentists|FNOMCeO|it=medici,odontoiatri;"
        "en=doctors,dentists|" A_PQ,
    "c|it=Comune di {c};en=Municipality of {e}||it=anagrafe,stato civile;en=civil registry|"
        A_PD "," A_SDG,
    "c|it=Tribunale di {c};en=Court of {e}||it=giustizia civile,notificazioni;"
        "en=civil justice,service of documents|" A_EJN,
    "c|it=Ordine degli Avvocati di {c};en={e} Bar Association|COA|it=avvocati,albo;"
        "en=lawyers,register|" A_PQ "," A_SV,
    "c|it=Camera di Commercio di {c};en={e} Chamber of Commerce|CCIAA|"
        "it=imprese,registro delle imprese;en=businesses,business register|" A_SV "," A_SDG,
    "c|it=Ispettorato Territoriale del Lavoro di {c};en={e} Territorial Labour Inspectorate|ITL|"
        "it=distacco,ispezioni;en=posting,inspections|" A_PW "," A_RT,
    "c|it=Prefettura – Ufficio Territoriale del Governo di {c};en=Prefecture of {e}||"
        "it=legalizzazione,armi;en=legalisation,firearms|" A_PD "," A_FA,
    "c|it=Questura di {c};en={e} Police Headquarters||it=porto d'armi,licenze;"
        "en=firearms licence|" A_FA,
    "c|it=Ordine dei Medici Chirurghi e degli Odontoiatri della Provincia di {c};en={e} Order of "
        "Physicians and Dentists|OMCeO|it=medici,odontoiatri;en=doctors,dentists|" A_PQ "," A_PR,
    "c|it=Ordine degli Architetti, Pianificatori, Paesaggisti e Conservatori della Provincia di "
        "{c};en={e} Order of Architects|OAPPC|it=architetti;en=architects|" A_PQ "," A_SV,
    "c|it=Ordine degli Ingegneri della Provincia di {c};en={e} Order of Engineers||"
        "it=ingegneri;en=engineers|" A_PQ "," A_SV,
    "c|it=Ordine dei Farmacisti della Provincia di {c};en={e} Order of Pharmacists||"
        "it=farmacisti;en=pharmacists|" A_PQ "," A_EPC,
    "c|it=Ordine delle Professioni Infermieristiche di {c};en={e} Order of Nursing Professions|"
        "OPI|it=infermieri;en=nurses|" A_PQ "," A_EPC,
    "c|it=Collegio dei Geometri e Geometri Laureati di {c};en={e} Board of Surveyors||"
        "it=geometri;en=surveyors|" A_PQ,
    "c|it=Archivio di Stato di {c};en={e} State Archives||it=beni culturali,archivi;"
        "en=cultural property,archives|" A_CO,
    "c|it=Agenzia delle Entrate – Direzione provinciale di {c};en=Revenue Agency – {e} "
        "Provincial Office||it=sanzioni,riscossione;en=penalties,recovery|" A_PW,
    "c|it=Azienda Sanitaria Locale di {c};en={e} Local Health Authority|ASL|"
        "it=assistenza sanitaria transfrontaliera;en=cross-border healthcare|" A_PR,
    "c|it=Ordine dei Consulenti del Lavoro di {c};en={e} Order of Labour Consultants||"
        "it=consulenti del lavoro;en=labour consultants|" A_PQ "," A_PW,
    "c|it=Ordine dei Dottori Commercialisti e degli Esperti Contabili di {c};en={e} Order of "
        "Chartered Accountants|ODCEC|it=commercialisti;en=accountants|" A_PQ "," A_SV,
    "r|it={f} – Assessorato alla Salute;en={e} Region – Health Department||"
        "it=sanità,professioni sanitarie;en=health,health professions|" A_PQ "," A_PR,
    "r|it={f} – Formazione professionale;en={e} Region – Vocational Training||"
        "it=estetisti,acconciatori;en=beauticians,hairdressers|" A_PQ,
    "r|it={f} – Turismo;en={e} Region – Tourism||it=guide turistiche;en=tour guides|" A_PQ "," A_SV,
    "r|it={f} – Attività produttive;en={e} Region – Economic Development||"
        "it=imprese,sportello unico;en=businesses,one-stop shop|" A_SV "," A_SDG,
    NULL
};

//  ---- Spain (autonomous communities are the regions, "{f}" names their government)
static const char *const s_places_es [] = {
    "Madrid;;;28013", "Barcelona;;;08002", "Valencia;;;46002", "Sevilla;;Seville;41001",
    "Zaragoza;;;50001", "Málaga;;;29015", "Murcia;;;30004", "Palma;;;07001",
    "Las Palmas de Gran Canaria;;;35001", "Bilbao;;;48001", "Alicante;;;03002", "Córdoba;;;14003",
    "Valladolid;;;47001", "Vigo;;;36201", "Gijón;;;33201", "L'Hospitalet de Llobregat;;;08901",
    "Vitoria-Gasteiz;;;01001", "A Coruña;;;15001", "Elche;;;03202", "Granada;;;18001",
    "Terrassa;;;08221", "Badalona;;;08911", "Oviedo;;;33003", "Cartagena;;;30201",
    "Sabadell;;;08201", "Jerez de la Frontera;;;11403", "Móstoles;;;28931", "Santa Cruz de Tenerife;;;38001",
    "Pamplona;;;31001", "Almería;;;04001", "Alcalá de Henares;;;28801", "Fuenlabrada;;;28941",
    "San Sebastián;;;20003", "Leganés;;;28911", "Santander;;;39001", "Burgos;;;09003",
    "Castellón de la Plana;;;12001", "Albacete;;;02001", "Getafe;;;28901", "Alcorcón;;;28921",
    "Logroño;;;26001", "San Cristóbal de La Laguna;;;38201", "Badajoz;;;06001",
    "Salamanca;;;37001", "Huelva;;;21001", "Marbella;;;29601", "Lleida;;;25007",
    "Tarragona;;;43001", "León;;;24001", "Cádiz;;;11001", "Jaén;;;23001", "Ourense;;;32001",
    "Girona;;;17001", "Lugo;;;27001", "Cáceres;;;10001", "Santiago de Compostela;;;15705",
    "Guadalajara;;;19001", "Toledo;;;45001", "Pontevedra;;;36002", "Palencia;;;34001",
    "Ciudad Real;;;13001", "Zamora;;;49001", "Ávila;;;05001", "Cuenca;;;16001",
    "Huesca;;;22001", "Segovia;;;40001", "Soria;;;42001", "Teruel;;;44001", "Mérida;;;06800",
    "Ceuta;;;51001", "Melilla;;;52001", "Ponferrada;;;24401", "Talavera de la Reina;;;45600",
    "Algeciras;;;11201", "Reus;;;43201", "Mataró;;;08301", "Torrevieja;;;03181",
    "Dos Hermanas;;;41701", "Ferrol;;;15401", "Avilés;;;33401", "Gandia;;;46701",
    "*Andalucía;de la Junta de Andalucía;Andalusia;41071;;Sevilla",
    "*Cataluña;de la Generalitat de Catalunya;Catalonia;08003;;Barcelona",
    "*Comunidad de Madrid;de la Comunidad de Madrid;Community of Madrid;28013;;Madrid",
    "*Comunitat Valenciana;de la Generalitat Valenciana;Valencian Community;46003;;Valencia",
    "*Galicia;de la Xunta de Galicia;;15781;;Santiago de Compostela",
    "*País Vasco;del Gobierno Vasco;Basque Country;01010;;Vitoria-Gasteiz",
    "*Castilla y León;de la Junta de Castilla y León;Castile and León;47008;;Valladolid",
    "*Castilla-La Mancha;de la Junta de Comunidades de Castilla-La Mancha;Castilla-La Mancha;45071;;Toledo",
    "*Canarias;del Gobierno de Canarias;Canary Islands;35003;;Las Palmas de Gran Canaria",
    "*Aragón;del Gobierno de Aragón;Aragon;50071;;Zaragoza",
    "*Principado de Asturias;del Principado de Asturias;Asturias;33005;;Oviedo",
    "*Región de Murcia;de la Región de Murcia;Region of Murcia;30071;;Murcia",
    "*Extremadura;de la Junta de Extremadura;;06800;;Mérida",
    "*Illes Balears;del Gobierno de las Illes Balears;Balearic Islands;07001;;Palma",
    "*Navarra;del Gobierno de Navarra;Navarre;31002;;Pamplona",
    "*Cantabria;del Gobierno de Cantabria;;39003;;Santander",
    "*La Rioja;del Gobierno de La Rioja;;26071;;Logroño",
    NULL
};

static const char *const s_templates_es [] = {
    "n|es=Ministerio de Sanidad;en=Ministry of Health||es=profesiones sanitarias,pacientes;"
        "en=health professions,patients|" A_PQ "," A_PR,
    "n|es=Ministerio de Trabajo y Economía Social;en=Ministry of Labour and Social Economy||"
        "es=desplazamiento de trabajadores;en=posting of workers|" A_PW,
    "n|es=Organismo Estatal Inspección de Trabajo y Seguridad Social;en=State Labour and Social "
        "Security Inspectorate|ITSS|es=inspección,desplazamiento;en=inspection,posting|" A_PW "," A_RT,
    "n|es=Ministerio de Ciencia, Innovación y Universidades;en=Ministry of Science, Innovation "
        "and Universities||es=homologación de títulos;en=recognition of diplomas|" A_PQ,
    "n|es=Ministerio de Educación, Formación Profesional y Deportes;en=Ministry of Education, "
        "Vocational Training and Sports||es=docentes,formación profesional;"
        "en=teachers,vocational training|" A_PQ,
    "n|es=Banco de España;en=Bank of Spain||es=efectivo,transporte de fondos;"
        "en=cash,cash-in-transit|" A_EC,
    "n|es=Agencia Española de Protección de Datos;en=Spanish Data Protection Agency|AEPD|"
        "es=protección de datos;en=data protection|" A_GDPR,
    "n|es=Ministerio de Cultura;en=Ministry of Culture||es=patrimonio histórico,bienes culturales;"
        "en=historical heritage,cultural property|" A_CO,
    "n|es=Agencia Estatal de Seguridad Ferroviaria;en=State Railway Safety Agency|AESF|"
        "es=maquinistas,licencia;en=train drivers,licence|" A_TDL,
    "n|es=Ministerio de la Presidencia, Justicia y Relaciones con las Cortes;en=Ministry of the "
        "Presidency, Justice and Relations with the Cortes||es=cooperación jurídica internacional;"
        "en=international legal cooperation|" A_EJN "," A_PD,
    "n|es=Intervención Central de Armas y Explosivos de la Guardia Civil;en=Central Firearms and "
        "Explosives Office of the Guardia Civil|ICAE|es=armas,licencias;en=firearms,licences|" A_FA,
    "n|es=Dirección General de Consumo;en=Directorate-General for Consumer Affairs||"
        "es=consumidores,comercio electrónico;en=consumers,e-commerce|" A_CPC "," A_ECOM,
    "n|es=Centro SOLVIT España;en=SOLVIT Centre Spain||es=mercado interior,reclamaciones;"
        "en=single market,complaints|" A_SOL "," A_SMR,
    "n|es=Ministerio de Transportes y Movilidad Sostenible;en=Ministry of Transport and "
        "Sustainable Mobility||es=transporte por carretera;en=road transport|" A_RT,
    "n|es=Consejo General de Colegios Oficiales de Médicos;en=General Council of Official "
        "Medical Colleges|CGCOM|es=médicos;en=doctors|" A_PQ,
    "n|es=Consejo General de la Abogacía Española;en=General Council of Spanish Lawyers|CGAE|"
        "es=abogados;en=lawyers|" A_PQ "," A_SV,
    "n|es=Ministerio para la Transformación Digital y de la Función Pública;en=Ministry for "
        "Digital Transformation and the Civil Service||es=administración electrónica;"
        "en=e-government|" A_SDG,
    "n|es=Ministerio de Industria y Turismo;en=Ministry of Industry and Tourism||"
        "es=homologación,maquinaria;en=type approval,machinery|" A_NRMM "," A_SMR "," A_SV,
    "c|es=Ayuntamiento de {c};en={e} City Council||es=padrón,licencias;"
        "en=municipal register,licences|" A_SV "," A_SDG,
    "c|es=Colegio Oficial de Médicos de {c};en={e} Official College of Physicians|COM{C}|"
        "es=médicos,colegiación;en=doctors,registration|" A_PQ "," A_PR,
    "c|es=Colegio Oficial de Farmacéuticos de {c};en={e} Official College of Pharmacists|COF{C}|"
        "es=farmacéuticos;en=pharmacists|" A_PQ "," A_EPC,
    "c|es=Ilustre Colegio de la Abogacía de {c};en={e} Bar Association|ICA{C}|es=abogados;"
        "en=lawyers|" A_PQ "," A_SV,
    "c|es=Colegio Oficial de Arquitectos de {c};en={e} Official College of Architects|COA{C}|"
        "es=arquitectos;en=architects|" A_PQ "," A_SV,
    "c|es=Colegio Oficial de Enfermería de {c};en={e} Official College of Nursing||"
        "es=enfermeros;en=nurses|" A_PQ "," A_EPC,
    "c|es=Inspección Provincial de Trabajo y Seguridad Social de {c};en={e} Provincial Labour "
        "and Social Security Inspectorate||es=desplazamiento,inspección;en=posting,inspection|"
        A_PW "," A_RT,
    "c|es=Subdelegación del Gobierno en {c};en=Government Sub-Delegation in {e}||"
        "es=armas,legalizaciones;en=firearms,legalisation|" A_FA "," A_PD,
    "c|es=Registro Civil de {c};en={e} Civil Registry||es=certificados,actas;en=certificates|" A_PD,
    "c|es=Cámara Oficial de Comercio, Industria y Servicios de {c};en={e} Chamber of Commerce||"
        "es=empresas;en=businesses|" A_SV,
    "c|es=Juzgado de Primera Instancia de {c};en={e} Court of First Instance||"
        "es=cooperación judicial civil;en=civil judicial cooperation|" A_EJN,
    "c|es=Jefatura Provincial de Tráfico de {c};en={e} Provincial Traffic Headquarters|JPT|"
        "es=tráfico,conductores;en=traffic,drivers|" A_RT,
    "c|es=Archivo Histórico Provincial de {c};en={e} Provincial Historical Archive|AHP|"
        "es=patrimonio,bienes culturales;en=heritage,cultural property|" A_CO,
    "c|es=Colegio Oficial de Veterinarios de {c};en={e} Official College of Veterinarians||"
        "es=veterinarios;en=veterinarians|" A_PQ,
    "c|es=Dirección Provincial del Instituto Nacional de la Seguridad Social en {c};en={e} "
        "Provincial Office of the National Social Security Institute|INSS|"
        "es=asistencia sanitaria transfronteriza,reembolso;en=cross-border healthcare,reimbursement|"
        A_PR,
    "r|es=Consejería de Sanidad {f};en=Health Department of {e}||"
        "es=sanidad,profesiones sanitarias;en=health,health professions|" A_PQ "," A_PR,
    "r|es=Consejería de Educación {f};en=Education Department of {e}||"
        "es=docentes,formación profesional;en=teachers,vocational training|" A_PQ,
    "r|es=Dirección General de Trabajo {f};en=Directorate-General for Labour of {e}||"
        "es=desplazamiento de trabajadores;en=posting of workers|" A_PW,
    "r|es=Dirección General de Consumo {f};en=Directorate-General for Consumer Affairs of {e}||"
        "es=consumidores;en=consumers|" A_CPC "," A_SV,
    "r|es=Dirección General de Patrimonio Cultural {f};en=Directorate-General for Cultural "
        "Heritage of {e}||es=patrimonio,bienes culturales;en=heritage,cultural property|" A_CO,
    "r|es=Dirección General de Turismo {f};en=Directorate-General for Tourism of {e}||"
        "es=guías de turismo;en=tour guides|" A_PQ "," A_SV,
    NULL
};

//  ---- Poland ({f} is the locative after w/we: "w Łodzi", "we Wrocławiu")
static const char *const s_places_pl [] = {
    "Warszawa;w Warszawie;Warsaw;00-950", "Kraków;w Krakowie;;31-004", "Łódź;w Łodzi;;90-430",
    "Wrocław;we Wrocławiu;;50-141", "Poznań;w Poznaniu;;61-841", "Gdańsk;w Gdańsku;;80-803",
    "Szczecin;w Szczecinie;;70-456", "Bydgoszcz;w Bydgoszczy;;85-023", "Lublin;w Lublinie;;20-109",
    "Białystok;w Białymstoku;;15-950", "Katowice;w Katowicach;;40-098", "Gdynia;w Gdyni;;81-382",
    "Częstochowa;w Częstochowie;;42-217", "Radom;w Radomiu;;26-600", "Rzeszów;w Rzeszowie;;35-064",
    "Toruń;w Toruniu;;87-100", "Sosnowiec;w Sosnowcu;;41-200", "Kielce;w Kielcach;;25-303",
    "Gliwice;w Gliwicach;;44-100", "Olsztyn;w Olsztynie;;10-959", "Zabrze;w Zabrzu;;41-800",
    "Bielsko-Biała;w Bielsku-Białej;;43-300", "Bytom;w Bytomiu;;41-902",
    "Zielona Góra;w Zielonej Górze;;65-424", "Rybnik;w Rybniku;;44-200",
    "Ruda Śląska;w Rudzie Śląskiej;;41-709", "Opole;w Opolu;;45-015", "Tychy;w Tychach;;43-100",
    "Gorzów Wielkopolski;w Gorzowie Wielkopolskim;;66-400", "Elbląg;w Elblągu;;82-300",
    "Płock;w Płocku;;09-400", "Dąbrowa Górnicza;w Dąbrowie Górniczej;;41-300",
    "Wałbrzych;w Wałbrzychu;;58-300", "Włocławek;we Włocławku;;87-800", "Tarnów;w Tarnowie;;33-100",
    "Chorzów;w Chorzowie;;41-500", "Koszalin;w Koszalinie;;75-007", "Kalisz;w Kaliszu;;62-800",
    "Legnica;w Legnicy;;59-220", "Grudziądz;w Grudziądzu;;86-300", "Jaworzno;w Jaworznie;;43-600",
    "Słupsk;w Słupsku;;76-200", "Jastrzębie-Zdrój;w Jastrzębiu-Zdroju;;44-330",
    "Nowy Sącz;w Nowym Sączu;;33-300", "Jelenia Góra;w Jeleniej Górze;;58-500",
    "Siedlce;w Siedlcach;;08-110", "Konin;w Koninie;;62-500",
    "Piotrków Trybunalski;w Piotrkowie Trybunalskim;;97-300", "Inowrocław;w Inowrocławiu;;88-100",
    "Lubin;w Lubinie;;59-300", "Ostrów Wielkopolski;w Ostrowie Wielkopolskim;;63-400",
    "Suwałki;w Suwałkach;;16-400", "Gniezno;w Gnieźnie;;62-200", "Głogów;w Głogowie;;67-200",
    "Przemyśl;w Przemyślu;;37-700", "Zamość;w Zamościu;;22-400", "Łomża;w Łomży;;18-400",
    "Leszno;w Lesznie;;64-100", "Chełm;w Chełmie;;22-100", "Biała Podlaska;w Białej Podlaskiej;;21-500",
    "Ostrołęka;w Ostrołęce;;07-410", "Sieradz;w Sieradzu;;98-200", "Skierniewice;w Skierniewicach;;96-100",
    "Zakopane;w Zakopanem;;34-500", "Krosno;w Krośnie;;38-400",
    "*Województwo dolnośląskie;Województwa Dolnośląskiego;Lower Silesian Voivodeship;50-411;;Wrocław",
    "*Województwo kujawsko-pomorskie;Województwa Kujawsko-Pomorskiego;Kuyavian-Pomeranian Voivodeship;87-100;;Toruń",
    "*Województwo lubelskie;Województwa Lubelskiego;Lublin Voivodeship;20-029;;Lublin",
    "*Województwo lubuskie;Województwa Lubuskiego;Lubusz Voivodeship;65-057;;Zielona Góra",
    "*Województwo łódzkie;Województwa Łódzkiego;Łódź Voivodeship;90-051;;Łódź",
    "*Województwo małopolskie;Województwa Małopolskiego;Lesser Poland Voivodeship;31-156;;Kraków",
    "*Województwo mazowieckie;Województwa Mazowieckiego;Masovian Voivodeship;03-719;;Warszawa",
    "*Województwo opolskie;Województwa Opolskiego;Opole Voivodeship;45-082;;Opole",
    "*Województwo podkarpackie;Województwa Podkarpackiego;Subcarpathian Voivodeship;35-010;;Rzeszów",
    "*Województwo podlaskie;Województwa Podlaskiego;Podlaskie Voivodeship;15-888;;Białystok",
    "*Województwo pomorskie;Województwa Pomorskiego;Pomeranian Voivodeship;80-810;;Gdańsk",
    "*Województwo śląskie;Województwa Śląskiego;Silesian Voivodeship;40-037;;Katowice",
    "*Województwo świętokrzyskie;Województwa Świętokrzyskiego;Świętokrzyskie Voivodeship;25-516;;Kielce",
    "*Województwo warmińsko-mazurskie;Województwa Warmińsko-Mazurskiego;Warmian-Masurian Voivodeship;10-562;;Olsztyn",
    "*Województwo wielkopolskie;Województwa Wielkopolskiego;Greater Poland Voivodeship;61-713;;Poznań",
    "*Województwo zachodniopomorskie;Województwa Zachodniopomorskiego;West Pomeranian Voivodeship;70-540;;Szczecin",
    NULL
};

static const char *const s_templates_pl [] = {
    "n|pl=Ministerstwo Zdrowia;en=Ministry of Health|MZ|pl=zawody medyczne,prawa pacjenta;"
        "en=medical professions,patients' rights|" A_PQ "," A_PR,
    "n|pl=Ministerstwo Rodziny, Pracy i Polityki Społecznej;en=Ministry of Family, Labour and "
        "Social Policy||pl=delegowanie pracowników;en=posting of workers|" A_PW,
    "n|pl=Główny Inspektorat Pracy;en=Chief Labour Inspectorate|GIP|pl=inspekcja pracy,delegowanie;"
        "en=labour inspection,posting|" A_PW "," A_RT,
    "n|pl=Naczelna Izba Pielęgniarek i Położnych;en=Supreme Chamber of Nurses and Midwives|NIPiP|"
        "pl=pielęgniarki,położne;en=nurses,midwives|" A_PQ "," A_EPC,
    "n|pl=Naczelna Rada Adwokacka;en=Polish Bar Council|NRA|pl=adwokaci;en=advocates|" A_PQ "," A_SV,
    "n|pl=Krajowa Izba Radców Prawnych;en=National Chamber of Legal Advisers|KIRP|"
        "pl=radcy prawni;en=legal advisers|" A_PQ "," A_SV,
    "n|pl=Naczelna Izba Aptekarska;en=Supreme Pharmaceutical Chamber|NIA|pl=farmaceuci;"
        "en=pharmacists|" A_PQ "," A_EPC,
    "n|pl=Izba Architektów Rzeczypospolitej Polskiej;en=Chamber of Architects of the Republic of "
        "Poland|IARP|pl=architekci;en=architects|" A_PQ "," A_SV,
    "n|pl=Narodowy Bank Polski;en=National Bank of Poland|NBP|pl=gotówka,konwój;"
        "en=cash,cash-in-transit|" A_EC,
    "n|pl=Urząd Ochrony Danych Osobowych;en=Personal Data Protection Office|UODO|"
        "pl=ochrona danych;en=data protection|" A_GDPR,
    "n|pl=Ministerstwo Kultury i Dziedzictwa Narodowego;en=Ministry of Culture and National "
        "Heritage|MKiDN|pl=dobra kultury,zabytki;en=cultural goods,monuments|" A_CO,
    "n|pl=Urząd Transportu Kolejowego;en=Office of Rail Transport|UTK|pl=maszyniści,licencja;"
        "en=train drivers,licence|" A_TDL,
    "n|pl=Ministerstwo Sprawiedliwości;en=Ministry of Justice|MS|pl=współpraca sądowa;"
        "en=judicial cooperation|" A_EJN "," A_PD,
    "n|pl=Komenda Główna Policji;en=National Police Headquarters|KGP|pl=broń palna,pozwolenia;"
        "en=firearms,permits|" A_FA,
    "n|pl=Urząd Ochrony Konkurencji i Konsumentów;en=Office of Competition and Consumer "
        "Protection|UOKiK|pl=konsumenci,handel elektroniczny;en=consumers,e-commerce|"
        A_CPC "," A_ECOM,
    "n|pl=Centrum SOLVIT w Ministerstwie Rozwoju i Technologii;en=SOLVIT Centre at the Ministry "
        "of Development and Technology||pl=rynek wewnętrzny,skargi;en=single market,complaints|"
        A_SOL "," A_SMR,
    "n|pl=Główny Inspektorat Transportu Drogowego;en=General Inspectorate of Road Transport|GITD|"
        "pl=transport drogowy,delegowanie kierowców;en=road transport,posting of drivers|" A_RT,
    "n|pl=Narodowy Fundusz Zdrowia;en=National Health Fund|NFZ|"
        "pl=leczenie za granicą,zwrot kosztów;en=treatment abroad,reimbursement|" A_PR,
    "n|pl=Ministerstwo Cyfryzacji;en=Ministry of Digital Affairs|MC|pl=e-usługi;"
        "en=e-services|" A_SDG,
    "n|pl=Ministerstwo Infrastruktury;en=Ministry of Infrastructure|MI|"
        "pl=homologacja,silniki;en=type approval,engines|" A_NRMM "," A_RT,
    "c|pl=Urząd Miejski {f};en={e} City Hall|UM|pl=działalność gospodarcza,sprawy obywatelskie;"
        "en=business,citizen services|" A_SV "," A_SDG,
    "c|pl=Okręgowa Izba Lekarska {f};en={e} Regional Medical Chamber|OIL|"
        "pl=lekarze,prawo wykonywania zawodu;en=doctors,right to practise|" A_PQ "," A_PR,
    "c|pl=Okręgowa Izba Pielęgniarek i Położnych {f};en={e} Regional Chamber of Nurses and "
        "Midwives|OIPiP|pl=pielęgniarki,położne;en=nurses,midwives|" A_PQ "," A_EPC,
    "c|pl=Okręgowa Izba Aptekarska {f};en={e} Regional Pharmaceutical Chamber|OIA|"
        "pl=farmaceuci;en=pharmacists|" A_PQ "," A_EPC,
    "c|pl=Okręgowy Inspektorat Pracy {f};en={e} District Labour Inspectorate|OIP|"
        "pl=inspekcja pracy,delegowanie;en=labour inspection,posting|" A_PW "," A_RT,
    "c|pl=Okręgowa Rada Adwokacka {f};en={e} Bar Council|ORA|pl=adwokaci;en=advocates|"
        A_PQ "," A_SV,
    "c|pl=Okręgowa Izba Radców Prawnych {f};en={e} Regional Chamber of Legal Advisers|OIRP|"
        "pl=radcy prawni;en=legal advisers|" A_PQ "," A_SV,
    "c|pl=Sąd Okręgowy {f};en={e} Regional Court|SO|pl=sprawy cywilne,doręczenia;"
        "en=civil cases,service of documents|" A_EJN,
    "c|pl=Urząd Stanu Cywilnego {f};en={e} Civil Registry Office|USC|pl=akty stanu cywilnego;"
        "en=civil status records|" A_PD,
    "c|pl=Komenda Miejska Policji {f};en={e} Municipal Police Headquarters|KMP|"
        "pl=pozwolenie na broń;en=firearms licence|" A_FA,
    "c|pl=Urząd Skarbowy {f};en={e} Tax Office|US|pl=kary administracyjne,egzekucja;"
        "en=administrative penalties,enforcement|" A_PW,
    "c|pl=Powiatowa Stacja Sanitarno-Epidemiologiczna {f};en={e} District Sanitary and "
        "Epidemiological Station|PSSE|pl=sanepid,zdrowie publiczne;en=public health|" A_PR "," A_SV,
    "c|pl=Archiwum Państwowe {f};en={e} State Archives|AP|pl=dobra kultury,archiwa;"
        "en=cultural goods,archives|" A_CO,
    "c|pl=Kuratorium Oświaty {f};en={e} Board of Education|KO|pl=nauczyciele;en=teachers|" A_PQ,
    "c|pl=Powiatowy Urząd Pracy {f};en={e} District Labour Office|PUP|"
        "pl=zatrudnienie,delegowanie;en=employment,posting|" A_PW "," A_PQ,
    "c|pl=Wojewódzki Inspektorat Transportu Drogowego {f};en={e} Regional Road Transport "
        "Inspectorate|WITD|pl=transport drogowy,kierowcy;en=road transport,drivers|" A_RT,
    "c|pl=Izba Rzemieślnicza {f};en={e} Chamber of Crafts|IR|pl=rzemiosło,mistrz;"
        "en=crafts,master craftsman|" A_PQ "," A_SV,
    "r|pl=Urząd Marszałkowski {f};en=Marshal's Office of the {e}|UM|"
        "pl=rozwój regionalny,przedsiębiorcy;en=regional development,entrepreneurs|" A_SV "," A_PQ,
    NULL
};

//  ---- Austria ({f} of a Land is the adjective of its government: "Amt der Tiroler Landesregierung")
static const char *const s_places_at [] = {
    "Wien;;Vienna;1010", "Graz;;;8010", "Linz;;;4020", "Salzburg;;;5020", "Innsbruck;;;6020",
    "Klagenfurt am Wörthersee;;;9020", "Villach;;;9500", "Wels;;;4600", "Sankt Pölten;;;3100",
    "Dornbirn;;;6850", "Wiener Neustadt;;;2700", "Steyr;;;4400", "Feldkirch;;;6800",
    "Bregenz;;;6900", "Leoben;;;8700", "Krems an der Donau;;;3500", "Eisenstadt;;;7000",
    "Wolfsberg;;;9400", "Baden;;;2500", "Klosterneuburg;;;3400", "Amstetten;;;3300",
    "Kapfenberg;;;8605", "Mödling;;;2340", "Hallein;;;5400", "Kufstein;;;6330",
    "Braunau am Inn;;;5280", "Spittal an der Drau;;;9800", "Lienz;;;9900", "Zell am See;;;5700",
    "Gmunden;;;4810", "Ried im Innkreis;;;4910", "Bruck an der Mur;;;8600", "Tulln an der Donau;;;3430",
    "Schwaz;;;6130", "Imst;;;6460", "Oberwart;;;7400",
    "*Wien;Wiener;Vienna;1010;;Wien", "*Niederösterreich;Niederösterreichischen;Lower Austria;3109;;Sankt Pölten",
    "*Oberösterreich;Oberösterreichischen;Upper Austria;4021;;Linz",
    "*Steiermark;Steiermärkischen;Styria;8010;;Graz", "*Tirol;Tiroler;Tyrol;6020;;Innsbruck",
    "*Kärnten;Kärntner;Carinthia;9021;;Klagenfurt am Wörthersee",
    "*Salzburg;Salzburger;;5010;;Salzburg", "*Vorarlberg;Vorarlberger;;6901;;Bregenz",
    "*Burgenland;Burgenländischen;;7000;;Eisenstadt",
    NULL
};

static const char *const s_templates_at [] = {
    "n|de=Bundesministerium für Soziales, Gesundheit, Pflege und Konsumentenschutz;en=Federal "
        "Ministry of Social Affairs, Health, Care and Consumer Protection|BMSGPK|"
        "de=Gesundheitsberufe,Konsumentenschutz;en=health professions,consumer protection|"
        A_PQ "," A_PR "," A_CPC,
    "n|de=Bundesministerium für Arbeit und Wirtschaft;en=Federal Ministry of Labour and Economy|"
        "BMAW|de=Dienstleistungen,Entsendung;en=services,posting|" A_SV "," A_PW,
    "n|de=Österreichische Ärztekammer;en=Austrian Medical Chamber|ÖÄK|de=Ärzte;en=doctors|" A_PQ,
    "n|de=Oesterreichische Nationalbank;en=Oesterreichische Nationalbank|OeNB|de=Bargeld;"
        "en=cash|" A_EC,
    "n|de=Datenschutzbehörde;en=Austrian Data Protection Authority|DSB|de=Datenschutz;"
        "en=data protection|" A_GDPR,
    "n|de=Bundesdenkmalamt;en=Federal Monuments Authority|BDA|de=Kulturgüter,Denkmalschutz;"
        "en=cultural goods,heritage|" A_CO,
    "n|de=Finanzpolizei;en=Financial Police||de=Lohn- und Sozialdumping,Entsendung;"
        "en=wage and social dumping,posting|" A_PW "," A_RT,
    "n|de=SOLVIT Österreich;en=SOLVIT Austria||de=Binnenmarkt;en=single market|" A_SOL "," A_SMR,
    "n|de=Bundesministerium für Justiz;en=Federal Ministry of Justice|BMJ|de=Rechtshilfe;"
        "en=judicial assistance|" A_EJN "," A_PD,
    "n|de=Bundesministerium für Inneres;en=Federal Ministry of the Interior|BMI|de=Waffen;"
        "en=firearms|" A_FA,
    "n|de=Bundesministerium für Klimaschutz, Umwelt, Energie, Mobilität, Innovation und "
        "Technologie;en=Federal Ministry for Climate Action, Environment, Energy, Mobility, "
        "Innovation and Technology|BMK|de=Triebfahrzeugführer,Straßenverkehr;"
        "en=train drivers,road transport|" A_TDL "," A_RT "," A_NRMM,
    "c|de=Magistrat der Stadt {c};en={e} City Administration||de=Gewerbe,Meldewesen;"
        "en=trade,registration|" A_SV "," A_SDG "," A_PD,
    "c|de=Bezirkshauptmannschaft {c};en={e} District Authority|BH|de=Gewerbe,Waffenpass;"
        "en=trade,firearms licence|" A_SV "," A_FA,
    "c|de=Bezirksgericht {c};en={e} District Court|BG|de=Zivilsachen;en=civil matters|" A_EJN,
    "c|de=Arbeitsinspektorat {c};en={e} Labour Inspectorate||de=Arbeitnehmerschutz;"
        "en=worker protection|" A_PW,
    "c|de=Standesamt {c};en={e} Registry Office||de=Personenstandsurkunden;"
        "en=civil status documents|" A_PD,
    "c|de=Gesundheitsamt {c};en={e} Public Health Office||de=Gesundheitsberufe;"
        "en=health professions|" A_PQ "," A_PR,
    "r|de=Ärztekammer für {c};en={e} Medical Chamber|ÄK|de=Ärzte;en=doctors|" A_PQ "," A_PR,
    "r|de=Amt der {f} Landesregierung;en=Office of the {e} Provincial Government||"
        "de=Berufsanerkennung,Gewerbe;en=recognition,trade|" A_PQ "," A_SV "," A_PD,
    "r|de=Wirtschaftskammer {c};en={e} Economic Chamber|WK|de=Unternehmen,Befähigungsnachweis;"
        "en=businesses,proof of competence|" A_SV "," A_PQ,
    "r|de=Landespolizeidirektion {c};en={e} Provincial Police Directorate|LPD|de=Waffen;"
        "en=firearms|" A_FA,
    "r|de=Landeszahnärztekammer für {c};en={e} Dental Chamber||de=Zahnärzte;en=dentists|" A_PQ,
    NULL
};

//  ---- Belgium (places carry their language; federal bodies are named in nl, fr and de)
static const char *const s_places_be [] = {
    "Brussel;;Brussels;1000;nl", "Bruxelles;de Bruxelles;Brussels;1000;fr",
    "Antwerpen;;Antwerp;2000;nl", "Gent;;Ghent;9000;nl", "Brugge;;Bruges;8000;nl",
    "Leuven;;;3000;nl", "Mechelen;;;2800;nl", "Aalst;;;9300;nl", "Kortrijk;;;8500;nl",
    "Hasselt;;;3500;nl", "Sint-Niklaas;;;9100;nl", "Oostende;;Ostend;8400;nl", "Genk;;;3600;nl",
    "Roeselare;;;8800;nl", "Turnhout;;;2300;nl", "Dendermonde;;;9200;nl", "Ieper;;Ypres;8900;nl",
    "Tongeren;;;3700;nl", "Lier;;;2500;nl", "Geel;;;2440;nl", "Vilvoorde;;;1800;nl",
    "Waregem;;;8790;nl", "Lokeren;;;9160;nl", "Halle;;;1500;nl", "Knokke-Heist;;;8300;nl",
    "Sint-Truiden;;;3800;nl", "Diest;;;3290;nl",
    "Liège;de Liège;;4000;fr", "Charleroi;de Charleroi;;6000;fr", "Namur;de Namur;;5000;fr",
    "Mons;de Mons;;7000;fr", "La Louvière;de La Louvière;;7100;fr", "Tournai;de Tournai;;7500;fr",
    "Verviers;de Verviers;;4800;fr", "Mouscron;de Mouscron;;7700;fr", "Arlon;d'Arlon;;6700;fr",
    "Wavre;de Wavre;;1300;fr", "Nivelles;de Nivelles;;1400;fr",
    "Ottignies-Louvain-la-Neuve;d'Ottignies-Louvain-la-Neuve;;1340;fr",
    "Marche-en-Famenne;de Marche-en-Famenne;;6900;fr", "Dinant;de Dinant;;5500;fr",
    "Huy;de Huy;;4500;fr", "Seraing;de Seraing;;4100;fr", "Waterloo;de Waterloo;;1410;fr",
    "Binche;de Binche;;7130;fr", "Bastogne;de Bastogne;;6600;fr", "Ath;d'Ath;;7800;fr",
    "Eupen;;;4700;de", "Sankt Vith;;;4780;de", "Kelmis;;;4720;de",
    "Zottegem;;;9620;nl", "Ninove;;;9400;nl", "Oudenaarde;;;9700;nl", "Maasmechelen;;;3630;nl",
    "Lommel;;;3920;nl", "Mol;;;2400;nl", "Braine-l'Alleud;de Braine-l'Alleud;;1420;fr",
    "Châtelet;de Châtelet;;6200;fr", "Herstal;de Herstal;;4040;fr", "Soignies;de Soignies;;7060;fr",
    "Ciney;de Ciney;;5590;fr", "Gembloux;de Gembloux;;5030;fr",
    NULL
};

static const char *const s_templates_be [] = {
    "n|nl=Federale Overheidsdienst Volksgezondheid, Veiligheid van de Voedselketen en Leefmilieu;"
        "fr=Service public fédéral Santé publique, Sécurité de la Chaîne alimentaire et "
        "Environnement;de=Föderaler Öffentlicher Dienst Volksgesundheit, Sicherheit der "
        "Nahrungsmittelkette und Umwelt;en=Federal Public Service Health, Food Chain Safety and "
        "Environment||nl=gezondheidszorgberoepen;fr=professions des soins de santé;"
        "en=healthcare professions|" A_PQ "," A_PR,
    "n|fr=Service public fédéral Emploi, Travail et Concertation sociale;nl=Federale "
        "Overheidsdienst Werkgelegenheid, Arbeid en Sociaal Overleg;en=Federal Public Service "
        "Employment, Labour and Social Dialogue||fr=détachement;nl=detachering;en=posting|" A_PW,
    "n|nl=Nationale Bank van België;fr=Banque nationale de Belgique;de=Belgische Nationalbank;"
        "en=National Bank of Belgium|NBB|nl=waardevervoer;fr=transport de fonds;"
        "en=cash-in-transit|" A_EC,
    "n|fr=Autorité de protection des données;nl=Gegevensbeschermingsautoriteit;"
        "de=Datenschutzbehörde;en=Data Protection Authority|APD|fr=protection des données;"
        "nl=gegevensbescherming;en=data protection|" A_GDPR,
    "n|nl=FOD Economie, K.M.O., Middenstand en Energie;fr=SPF Economie, P.M.E., Classes moyennes "
        "et Energie;en=FPS Economy, SMEs, Self-employed and Energy||nl=consumenten,interne markt;"
        "fr=consommateurs,marché intérieur;en=consumers,single market|"
        A_SV "," A_CPC "," A_SOL "," A_SMR "," A_ECOM,
    "n|fr=Service public fédéral Justice;nl=Federale Overheidsdienst Justitie;de=Föderaler "
        "Öffentlicher Dienst Justiz;en=Federal Public Service Justice||fr=entraide judiciaire,armes;"
        "nl=rechtshulp,wapens;en=judicial assistance,firearms|" A_EJN "," A_PD "," A_FA,
    "n|nl=Rijksdienst voor Sociale Zekerheid;fr=Office national de sécurité sociale;"
        "en=National Social Security Office|RSZ|nl=Limosa,detachering;fr=Limosa,détachement;"
        "en=Limosa,posting|" A_PW "," A_RT,
    "n|de=Ministerium der Deutschsprachigen Gemeinschaft;fr=Ministère de la Communauté "
        "germanophone;en=Ministry of the German-speaking Community||de=Diplomanerkennung;"
        "en=recognition of diplomas|" A_PQ "," A_SV,
    "n|nl=Vlaamse overheid – Departement Onderwijs en Vorming;en=Flemish Government – "
        "Department of Education and Training||nl=erkenning diploma's,leraren;"
        "en=recognition of diplomas,teachers|" A_PQ,
    "n|fr=Fédération Wallonie-Bruxelles – Service des équivalences;en=Wallonia-Brussels "
        "Federation – Equivalence Service||fr=équivalence,diplômes;en=equivalence,diplomas|" A_PQ,
    "n|fr=Service public de Wallonie;en=Public Service of Wallonia|SPW|fr=patrimoine,entreprises;"
        "en=heritage,businesses|" A_SV "," A_CO,
    "n|nl=Orde der artsen;fr=Ordre des médecins;de=Ärztekammer;en=Belgian Medical Council||"
        "nl=artsen;fr=médecins;en=doctors|" A_PQ "," A_PR,
    "c|nl=Stad {c};en=City of {e}||nl=burgerzaken,ondernemen;en=civil affairs,business|"
        A_PD "," A_SDG "," A_SV,
    "c|nl=Rechtbank van eerste aanleg {c};en={e} Court of First Instance||nl=burgerlijke zaken;"
        "en=civil matters|" A_EJN,
    "c|nl=Balie {c};en={e} Bar||nl=advocaten;en=lawyers|" A_PQ "," A_SV,
    "c|nl=OCMW {c};en={e} Public Centre for Social Welfare|OCMW|nl=zorg,thuiszorg;"
        "en=care,home care|" A_PR "," A_SV,
    "c|nl=Politiezone {c};en={e} Police Zone||nl=wapens;en=firearms|" A_FA,
    "c|nl=Voka – Kamer van Koophandel {c};en=Voka – {e} Chamber of Commerce||nl=ondernemingen;"
        "en=businesses|" A_SV,
    "c|fr=Ville {f};en=City of {e}||fr=état civil,population;en=civil status,population|"
        A_PD "," A_SDG "," A_SV,
    "c|fr=Tribunal de première instance {f};en={e} Court of First Instance||fr=affaires civiles;"
        "en=civil matters|" A_EJN,
    "c|fr=Barreau {f};en={e} Bar||fr=avocats;en=lawyers|" A_PQ "," A_SV,
    "c|fr=CPAS {f};en={e} Public Social Welfare Centre|CPAS|fr=aide sociale,soins;"
        "en=social assistance,care|" A_PR "," A_SV,
    "c|fr=Zone de police {f};en={e} Police Zone||fr=armes;en=firearms|" A_FA,
    "c|fr=Chambre de commerce et d'industrie {f};en={e} Chamber of Commerce and Industry|CCI|"
        "fr=entreprises;en=businesses|" A_SV,
    "c|de=Stadt {c};en=City of {e}||de=Standesamt,Gewerbe;en=registry office,trade|"
        A_PD "," A_SV,
    "c|de=Gericht Erster Instanz {c};en={e} Court of First Instance||de=Zivilsachen;"
        "en=civil matters|" A_EJN,
    NULL
};

//  ---- Netherlands
static const char *const s_places_nl [] = {
    "Den Haag;;The Hague;2511 CV", "Amsterdam;;;1012 JS", "Rotterdam;;;3011 AD", "Utrecht;;;3511 LX",
    "Eindhoven;;;5611 EM", "Groningen;;;9711 LV", "Tilburg;;;5038 EA", "Almere;;;1315 HR",
    "Breda;;;4811 XJ", "Nijmegen;;;6511 KL", "Apeldoorn;;;7311 LX", "Arnhem;;;6811 EP",
    "Haarlem;;;2011 RD", "Enschede;;;7511 JH", "Amersfoort;;;3811 LX", "Zaanstad;;;1506 MA",
    "'s-Hertogenbosch;;;5211 HX", "Zwolle;;;8011 PK", "Leiden;;;2311 EV", "Maastricht;;;6211 HE",
    "Dordrecht;;;3311 BT", "Zoetermeer;;;2711 EH", "Ede;;;6711 AA", "Leeuwarden;;;8911 BK",
    "Alkmaar;;;1811 KH", "Emmen;;;7811 AA", "Delft;;;2611 GK", "Deventer;;;7411 JJ",
    "Venlo;;;5911 BV", "Helmond;;;5701 NH", "Oss;;;5341 CS", "Amstelveen;;;1181 JS",
    "Hilversum;;;1211 HV", "Heerlen;;;6411 HR", "Assen;;;9401 JH", "Middelburg;;;4331 LK",
    "Lelystad;;;8232 ZX", "Gouda;;;2801 JH", "Den Helder;;;1781 GE", "Roermond;;;6041 GA",
    "Vlissingen;;;4381 LH", "Harderwijk;;;3841 CE", "Sittard-Geleen;;;6131 AE", "Hoorn;;;1621 CD",
    "Purmerend;;;1441 AB", "Schiedam;;;3111 AA", "Spijkenisse;;;3201 AB", "Bergen op Zoom;;;4611 AB",
    "Terneuzen;;;4531 EB", "Kampen;;;8261 GJ", "Sneek;;;8601 AA", "Drachten;;;9201 AA",
    "Veenendaal;;;3901 AA", "Roosendaal;;;4701 AA", "Woerden;;;3441 AA", "Alphen aan den Rijn;;;2405 AA",
    "*Zuid-Holland;;South Holland;2596 AW;;Den Haag", "*Noord-Holland;;North Holland;2012 HR;;Haarlem",
    "*Noord-Brabant;;North Brabant;5223 DE;;'s-Hertogenbosch", "*Gelderland;;;6812 AA;;Arnhem",
    "*Utrecht;;;3584 BA;;Utrecht", "*Overijssel;;;8011 PK;;Zwolle", "*Limburg;;;6229 AT;;Maastricht",
    "*Friesland;;;8911 HE;;Leeuwarden", "*Groningen;;;9712 HW;;Groningen", "*Drenthe;;;9401 LE;;Assen",
    "*Flevoland;;;8232 JE;;Lelystad", "*Zeeland;;;4331 LK;;Middelburg",
    "Haarlemmermeer;;;2132 TZ", "Westland;;;2671 CV", "Meierijstad;;;5461 GT",
    "Súdwest-Fryslân;;;8601 GK", "Heerhugowaard;;;1701 EA", "Hoofddorp;;;2132 BM",
    "Nieuwegein;;;3431 HH", "Capelle aan den IJssel;;;2902 AA", "Veldhoven;;;5501 AA",
    "Katwijk;;;2221 AA", "Zeist;;;3701 AA", "Houten;;;3991 AA", "Barneveld;;;3771 AA",
    "Doetinchem;;;7001 AA", "Tiel;;;4001 AA", "Wageningen;;;6701 AA", "Zutphen;;;7201 AA",
    "Hengelo;;;7551 AA", "Almelo;;;7601 AA", "Oldenzaal;;;7571 AA", "Hardenberg;;;7771 AA",
    "Meppel;;;7941 AA", "Hoogeveen;;;7901 AA", "Steenwijk;;;8331 AA", "Heerenveen;;;8441 AA",
    "Harlingen;;;8861 AA", "Delfzijl;;;9934 AA", "Winschoten;;;9671 AA", "Stadskanaal;;;9501 AA",
    "Veendam;;;9641 AA", "Weert;;;6001 AA", "Venray;;;5801 AA", "Kerkrade;;;6461 AA",
    "Valkenburg aan de Geul;;;6301 AA", "Goes;;;4461 AA", "Zierikzee;;;4301 AA", "Hulst;;;4561 AA",
    "Waalwijk;;;5141 AA", "Uden;;;5401 AA", "Boxtel;;;5281 AA", "Etten-Leur;;;4871 AA",
    "Oosterhout;;;4901 AA", "Gorinchem;;;4201 AA", "Vlaardingen;;;3131 AA", "Maassluis;;;3141 AA",
    "Rijswijk;;;2281 AA", "Leidschendam-Voorburg;;;2262 AA", "Wassenaar;;;2241 AA",
    "Noordwijk;;;2201 AA", "Heemskerk;;;1961 AA", "Beverwijk;;;1941 AA", "Velsen;;;1971 AA",
    "Enkhuizen;;;1601 AA", "Medemblik;;;1671 AA", "Edam-Volendam;;;1131 AA", "Weesp;;;1381 AA",
    "Huizen;;;1271 AA", "Soest;;;3761 AA", "Baarn;;;3741 AA", "Culemborg;;;4101 AA",
    "Nunspeet;;;8071 AA", "Elburg;;;8081 AA", "Emmeloord;;;8301 AA", "Dronten;;;8251 AA",
    "Texel;;;1791 AA",
    NULL
};

static const char *const s_templates_nl [] = {
    "n|nl=Ministerie van Volksgezondheid, Welzijn en Sport;en=Ministry of Health, Welfare and "
        "Sport|VWS|nl=zorgberoepen,patiëntenrechten;en=healthcare professions,patients' rights|"
        A_PQ "," A_PR,
    "n|nl=CIBG – BIG-register;en=CIBG – BIG Register|CIBG|nl=BIG-registratie,artsen,verpleegkundigen;"
        "en=registration,doctors,nurses|" A_PQ "," A_EPC,
    "n|nl=Nederlandse Arbeidsinspectie;en=Netherlands Labour Authority||"
        "nl=detachering,arbeidsomstandigheden;en=posting,working conditions|" A_PW "," A_RT,
    "n|nl=De Nederlandsche Bank;en=De Nederlandsche Bank|DNB|nl=chartaal geld;en=cash|" A_EC,
    "n|nl=Autoriteit Persoonsgegevens;en=Dutch Data Protection Authority|AP|"
        "nl=privacy,persoonsgegevens;en=privacy,personal data|" A_GDPR,
    "n|nl=Inspectie Overheidsinformatie en Erfgoed;en=Inspectorate for Government Information "
        "and Heritage||nl=cultuurgoederen,erfgoed;en=cultural goods,heritage|" A_CO,
    "n|nl=Inspectie Leefomgeving en Transport;en=Human Environment and Transport Inspectorate|ILT|"
        "nl=machinisten,wegvervoer;en=train drivers,road transport|" A_TDL "," A_RT "," A_NRMM,
    "n|nl=Ministerie van Economische Zaken en Klimaat – SOLVIT Nederland;en=Ministry of Economic "
        "Affairs and Climate Policy – SOLVIT Netherlands||nl=interne markt;en=single market|"
        A_SOL "," A_SMR "," A_SV,
    "n|nl=Autoriteit Consument en Markt;en=Authority for Consumers and Markets|ACM|"
        "nl=consumenten,webwinkels;en=consumers,online shops|" A_CPC "," A_ECOM,
    "n|nl=Dienst Uitvoering Onderwijs;en=Education Executive Agency|DUO|"
        "nl=diplomawaardering,leraren;en=diploma evaluation,teachers|" A_PQ,
    "n|nl=Ministerie van Justitie en Veiligheid;en=Ministry of Justice and Security|JenV|"
        "nl=rechtshulp,wapens;en=judicial assistance,firearms|" A_EJN "," A_FA "," A_PD,
    "n|nl=Kamer van Koophandel;en=Netherlands Chamber of Commerce|KVK|nl=ondernemen;"
        "en=doing business|" A_SV "," A_SDG,
    "n|nl=Zorginstituut Nederland;en=National Health Care Institute|ZIN|"
        "nl=zorg in het buitenland;en=healthcare abroad|" A_PR,
    "c|nl=Gemeente {c};en=Municipality of {e}||nl=burgerzaken,vergunningen;"
        "en=civil affairs,permits|" A_PD "," A_SDG "," A_SV,
    "c|nl=Gemeente {c} – Publiekszaken;en=Municipality of {e} – Public Affairs||"
        "nl=uittreksels,legalisatie;en=extracts,legalisation|" A_PD,
    "c|nl=Gemeente {c} – Vergunningen, Toezicht en Handhaving;en=Municipality of {e} – Permits, "
        "Supervision and Enforcement|VTH|nl=vergunningen,toezicht;en=permits,supervision|" A_SV,
    "c|nl=GGD {c};en={e} Public Health Service|GGD|nl=publieke gezondheid;en=public health|"
        A_PR "," A_SV,
    "c|nl=Rechtbank {c};en=District Court of {e}||nl=civiele zaken;en=civil cases|" A_EJN,
    "r|nl=Provincie {c};en=Province of {e}||nl=vergunningen,erfgoed;en=permits,heritage|"
        A_SV "," A_CO,
    NULL
};

//  ---- Romania (counties are the regions; their authorities use the county name)
static const char *const s_places_ro [] = {
    "București;;Bucharest;010011", "Cluj-Napoca;;;400001", "Timișoara;;;300006", "Iași;;;700028",
    "Constanța;;;900178", "Craiova;;;200585", "Brașov;;;500007", "Galați;;;800008",
    "Ploiești;;;100066", "Oradea;;;410100", "Brăila;;;810001", "Arad;;;310130", "Pitești;;;110013",
    "Sibiu;;;550163", "Bacău;;;600001", "Târgu Mureș;;;540026", "Baia Mare;;;430311",
    "Buzău;;;120001", "Botoșani;;;710236", "Satu Mare;;;440026", "Suceava;;;720001",
    "Râmnicu Vâlcea;;;240001", "Drobeta-Turnu Severin;;;220001", "Piatra Neamț;;;610001",
    "Târgu Jiu;;;210001", "Focșani;;;620001", "Bistrița;;;420001", "Tulcea;;;820001",
    "Reșița;;;320001", "Alba Iulia;;;510001", "Deva;;;330001", "Zalău;;;450001",
    "Sfântu Gheorghe;;;520001", "Vaslui;;;730001", "Slobozia;;;920001", "Călărași;;;910001",
    "Giurgiu;;;080001", "Alexandria;;;140001", "Slatina;;;230001", "Târgoviște;;;130001",
    "Miercurea Ciuc;;;530001",
    "*Cluj;;;400001;;Cluj-Napoca", "*Timiș;;;300006;;Timișoara", "*Iași;;;700028;;Iași",
    "*Constanța;;;900178;;Constanța", "*Dolj;;;200585;;Craiova", "*Brașov;;;500007;;Brașov",
    "*Galați;;;800008;;Galați", "*Prahova;;;100066;;Ploiești", "*Bihor;;;410100;;Oradea",
    "*Arad;;;310130;;Arad", "*Argeș;;;110013;;Pitești", "*Sibiu;;;550163;;Sibiu",
    "*Bacău;;;600001;;Bacău", "*Mureș;;;540026;;Târgu Mureș", "*Maramureș;;;430311;;Baia Mare",
    "*Suceava;;;720001;;Suceava", "*Vâlcea;;;240001;;Râmnicu Vâlcea", "*Alba;;;510001;;Alba Iulia",
    "*Hunedoara;;;330001;;Deva", "*Neamț;;;610001;;Piatra Neamț", "*Buzău;;;120001;;Buzău",
    "*Botoșani;;;710236;;Botoșani", "*Satu Mare;;;440026;;Satu Mare", "*Gorj;;;210001;;Târgu Jiu",
    "*Vrancea;;;620001;;Focșani", "*Bistrița-Năsăud;;;420001;;Bistrița", "*Tulcea;;;820001;;Tulcea",
    "*Caraș-Severin;;;320001;;Reșița", "*Sălaj;;;450001;;Zalău", "*Covasna;;;520001;;Sfântu Gheorghe",
    "*Harghita;;;530001;;Miercurea Ciuc", "*Vaslui;;;730001;;Vaslui", "*Ialomița;;;920001;;Slobozia",
    "*Călărași;;;910001;;Călărași", "*Giurgiu;;;080001;;Giurgiu", "*Teleorman;;;140001;;Alexandria",
    "*Olt;;;230001;;Slatina", "*Dâmbovița;;;130001;;Târgoviște",
    "*Mehedinți;;;220001;;Drobeta-Turnu Severin", "*Brăila;;;810001;;Brăila",
    "*Ilfov;;;077190;;Buftea",
    NULL
};

static const char *const s_templates_ro [] = {
    "n|ro=Ministerul Sănătății;en=Ministry of Health|MS|ro=profesii medicale;"
        "en=medical professions|" A_PQ "," A_PR,
    "n|ro=Ministerul Muncii și Solidarității Sociale;en=Ministry of Labour and Social Solidarity||"
        "ro=detașarea lucrătorilor;en=posting of workers|" A_PW,
    "n|ro=Inspecția Muncii;en=Labour Inspection|IM|ro=detașare,control;en=posting,inspection|"
        A_PW "," A_RT,
    "n|ro=Colegiul Medicilor din România;en=Romanian College of Physicians|CMR|ro=medici;"
        "en=doctors|" A_PQ,
    "n|ro=Banca Națională a României;en=National Bank of Romania|BNR|ro=numerar;en=cash|" A_EC,
    "n|ro=Autoritatea Națională de Supraveghere a Prelucrării Datelor cu Caracter Personal;"
        "en=National Supervisory Authority for Personal Data Processing|ANSPDCP|"
        "ro=protecția datelor;en=data protection|" A_GDPR,
    "n|ro=Ministerul Culturii;en=Ministry of Culture|MC|ro=bunuri culturale;"
        "en=cultural goods|" A_CO,
    "n|ro=Autoritatea Națională pentru Protecția Consumatorilor;en=National Authority for "
        "Consumer Protection|ANPC|ro=consumatori;en=consumers|" A_CPC "," A_ECOM,
    "n|ro=Centrul SOLVIT România;en=SOLVIT Centre Romania||ro=piața internă;"
        "en=single market|" A_SOL "," A_SMR,
    "n|ro=Ministerul Justiției;en=Ministry of Justice|MJ|ro=cooperare judiciară;"
        "en=judicial cooperation|" A_EJN "," A_PD,
    "n|ro=Autoritatea Feroviară Română;en=Romanian Railway Authority|AFER|ro=mecanici de "
        "locomotivă,licență;en=train drivers,licence|" A_TDL,
    "n|ro=Inspectoratul de Stat pentru Controlul în Transportul Rutier;en=State Inspectorate for "
        "Road Transport Control|ISCTR|ro=transport rutier;en=road transport|" A_RT,
    "n|ro=Ministerul Educației;en=Ministry of Education|ME|ro=recunoașterea diplomelor;"
        "en=recognition of diplomas|" A_PQ,
    "n|ro=Inspectoratul General al Poliției Române;en=General Inspectorate of the Romanian "
        "Police|IGPR|ro=arme;en=firearms|" A_FA,
    "c|ro=Primăria Municipiului {c};en={e} City Hall||ro=autorizații,stare civilă;"
        "en=authorisations,civil status|" A_SV "," A_SDG "," A_PD,
    "r|ro=Direcția de Sănătate Publică {c};en={e} Public Health Directorate|DSP|"
        "ro=sănătate publică;en=public health|" A_PQ "," A_PR,
    "r|ro=Inspectoratul Teritorial de Muncă {c};en={e} Territorial Labour Inspectorate|ITM|"
        "ro=detașare;en=posting|" A_PW "," A_RT,
    "r|ro=Colegiul Medicilor {c};en={e} College of Physicians||ro=medici;en=doctors|" A_PQ,
    "r|ro=Baroul {c};en={e} Bar||ro=avocați;en=lawyers|" A_PQ "," A_SV,
    "r|ro=Camera de Comerț și Industrie {c};en={e} Chamber of Commerce and Industry|CCI|"
        "ro=firme;en=companies|" A_SV,
    "r|ro=Tribunalul {c};en={e} Tribunal||ro=cauze civile;en=civil cases|" A_EJN,
    "r|ro=Casa de Asigurări de Sănătate {c};en={e} Health Insurance Fund|CAS|"
        "ro=asistență medicală transfrontalieră;en=cross-border healthcare|" A_PR,
    "r|ro=Inspectoratul Școlar Județean {c};en={e} County School Inspectorate|ISJ|"
        "ro=cadre didactice;en=teachers|" A_PQ,
    "r|ro=Direcția Județeană pentru Cultură {c};en={e} County Directorate for Culture||"
        "ro=patrimoniu;en=heritage|" A_CO,
    "r|ro=Inspectoratul de Poliție Județean {c};en={e} County Police Inspectorate|IPJ|"
        "ro=arme;en=firearms|" A_FA,
    "r|ro=Oficiul Registrului Comerțului de pe lângă Tribunalul {c};en={e} Trade Register "
        "Office|ORC|ro=înregistrare firme;en=company registration|" A_SV "," A_SDG,
    "r|ro=Colegiul Farmaciștilor {c};en={e} College of Pharmacists||ro=farmaciști;"
        "en=pharmacists|" A_PQ "," A_EPC,
    NULL
};

//  ---- Czechia ({f} is the genitive: "Magistrát města Brna", "Krajský úřad Jihomoravského kraje")
static const char *const s_places_cz [] = {
    "Praha;hlavního města Prahy;Prague;110 00", "Brno;města Brna;;602 00",
    "Ostrava;města Ostravy;;702 00", "Plzeň;města Plzně;Pilsen;301 00",
    "Liberec;města Liberce;;460 01", "Olomouc;města Olomouce;;779 00",
    "České Budějovice;města České Budějovice;;370 01", "Hradec Králové;města Hradce Králové;;500 02",
    "Ústí nad Labem;města Ústí nad Labem;;400 01", "Pardubice;města Pardubic;;530 02",
    "Zlín;města Zlína;;760 01", "Havířov;města Havířova;;736 01", "Kladno;města Kladna;;272 01",
    "Most;města Mostu;;434 01", "Opava;města Opavy;;746 01", "Frýdek-Místek;města Frýdku-Místku;;738 01",
    "Karviná;města Karviné;;733 01", "Jihlava;města Jihlavy;;586 01", "Teplice;města Teplic;;415 01",
    "Děčín;města Děčína;;405 02", "Karlovy Vary;města Karlovy Vary;;360 01",
    "Chomutov;města Chomutova;;430 01", "Jablonec nad Nisou;města Jablonec nad Nisou;;466 01",
    "Prostějov;města Prostějova;;796 01", "Přerov;města Přerova;;750 02", "Třebíč;města Třebíče;;674 01",
    "Kolín;města Kolína;;280 02", "Písek;města Písku;;397 01", "Tábor;města Tábora;;390 01",
    "Znojmo;města Znojma;;669 02", "Trutnov;města Trutnova;;541 01", "Cheb;města Chebu;;350 02",
    "Kroměříž;města Kroměříže;;767 01", "Mladá Boleslav;města Mladá Boleslav;;293 01",
    "*Hlavní město Praha;hlavního města Prahy;Prague;110 00;;Praha",
    "*Středočeský kraj;Středočeského kraje;Central Bohemian Region;150 21;;Praha",
    "*Jihočeský kraj;Jihočeského kraje;South Bohemian Region;370 76;;České Budějovice",
    "*Plzeňský kraj;Plzeňského kraje;Plzeň Region;306 13;;Plzeň",
    "*Karlovarský kraj;Karlovarského kraje;Karlovy Vary Region;360 06;;Karlovy Vary",
    "*Ústecký kraj;Ústeckého kraje;Ústí nad Labem Region;400 02;;Ústí nad Labem",
    "*Liberecký kraj;Libereckého kraje;Liberec Region;461 80;;Liberec",
    "*Královéhradecký kraj;Královéhradeckého kraje;Hradec Králové Region;500 03;;Hradec Králové",
    "*Pardubický kraj;Pardubického kraje;Pardubice Region;532 11;;Pardubice",
    "*Kraj Vysočina;Kraje Vysočina;Vysočina Region;587 33;;Jihlava",
    "*Jihomoravský kraj;Jihomoravského kraje;South Moravian Region;601 82;;Brno",
    "*Olomoucký kraj;Olomouckého kraje;Olomouc Region;779 11;;Olomouc",
    "*Zlínský kraj;Zlínského kraje;Zlín Region;761 90;;Zlín",
    "*Moravskoslezský kraj;Moravskoslezského kraje;Moravian-Silesian Region;702 18;;Ostrava",
    "Hodonín;města Hodonína;;695 01", "Břeclav;města Břeclavi;;690 02",
    "Vyškov;města Vyškova;;682 01", "Blansko;města Blanska;;678 01",
    "Šumperk;města Šumperka;;787 01", "Příbram;města Příbrami;;261 01",
    "Beroun;města Berouna;;266 01", "Mělník;města Mělníka;;276 01",
    "Litoměřice;města Litoměřic;;412 01", "Náchod;města Náchoda;;547 01",
    "Havlíčkův Brod;města Havlíčkův Brod;;580 01", "Strakonice;města Strakonic;;386 01",
    NULL
};

static const char *const s_templates_cz [] = {
    "n|cs=Ministerstvo zdravotnictví;en=Ministry of Health|MZ|cs=zdravotnická povolání;"
        "en=health professions|" A_PQ "," A_PR,
    "n|cs=Ministerstvo práce a sociálních věcí;en=Ministry of Labour and Social Affairs|MPSV|"
        "cs=vysílání pracovníků;en=posting of workers|" A_PW,
    "n|cs=Státní úřad inspekce práce;en=State Labour Inspection Office|SÚIP|"
        "cs=inspekce práce,vysílání;en=labour inspection,posting|" A_PW "," A_RT,
    "n|cs=Česká lékařská komora;en=Czech Medical Chamber|ČLK|cs=lékaři;en=doctors|" A_PQ,
    "n|cs=Česká národní banka;en=Czech National Bank|ČNB|cs=hotovost;en=cash|" A_EC,
    "n|cs=Úřad pro ochranu osobních údajů;en=Office for Personal Data Protection|ÚOOÚ|"
        "cs=ochrana osobních údajů;en=data protection|" A_GDPR,
    "n|cs=Ministerstvo kultury;en=Ministry of Culture|MK|cs=kulturní statky;"
        "en=cultural goods|" A_CO,
    "n|cs=Česká obchodní inspekce;en=Czech Trade Inspection Authority|ČOI|"
        "cs=spotřebitelé,e-shopy;en=consumers,online shops|" A_CPC "," A_ECOM,
    "n|cs=Ministerstvo průmyslu a obchodu – SOLVIT;en=Ministry of Industry and Trade – SOLVIT|MPO|"
        "cs=vnitřní trh,služby;en=single market,services|" A_SOL "," A_SMR "," A_SV,
    "n|cs=Ministerstvo spravedlnosti;en=Ministry of Justice|MSp|cs=justiční spolupráce;"
        "en=judicial cooperation|" A_EJN "," A_PD,
    "n|cs=Drážní úřad;en=Rail Authority|DÚ|cs=strojvedoucí,licence;en=train drivers,licence|" A_TDL,
    "n|cs=Ministerstvo dopravy;en=Ministry of Transport|MD|cs=silniční doprava;"
        "en=road transport|" A_RT "," A_NRMM,
    "n|cs=Ministerstvo školství, mládeže a tělovýchovy;en=Ministry of Education, Youth and "
        "Sports|MŠMT|cs=uznávání kvalifikací,učitelé;en=recognition,teachers|" A_PQ,
    "n|cs=Policejní prezidium České republiky;en=Police Presidium of the Czech Republic||"
        "cs=zbraně;en=firearms|" A_FA,
    "n|cs=Ministerstvo vnitra;en=Ministry of the Interior|MV|cs=elektronická podání;"
        "en=online procedures|" A_SDG,
    "c|cs=Městský úřad {c};en={e} Municipal Office|MěÚ|cs=živnosti,matrika;"
        "en=trades,civil registry|" A_SV "," A_SDG "," A_PD,
    "c|cs=Magistrát {f};en={e} City Council||cs=živnostenský úřad,matrika;"
        "en=trade licensing office,civil registry|" A_SV "," A_PD,
    "c|cs=Úřad práce České republiky – kontaktní pracoviště {c};en=Labour Office of the Czech "
        "Republic – {e} contact office|ÚP ČR|cs=zaměstnávání;en=employment|" A_PW "," A_PQ,
    "c|cs=Okresní sdružení České lékařské komory {c};en={e} District Association of the Czech "
        "Medical Chamber|OS ČLK|cs=lékaři;en=doctors|" A_PQ "," A_PR,
    "c|cs=Okresní hospodářská komora {c};en={e} District Chamber of Commerce|OHK|"
        "cs=podnikatelé;en=entrepreneurs|" A_SV,
    "c|cs=Finanční úřad – územní pracoviště {c};en=Tax Office – {e} regional office|FÚ|"
        "cs=pokuty,vymáhání;en=fines,recovery|" A_PW,
    "r|cs=Krajský úřad {f};en=Regional Authority of the {e}|KÚ|cs=uznávání kvalifikací,"
        "živnosti;en=recognition of qualifications,trades|" A_PQ "," A_SV "," A_PD,
    "r|cs=Krajská hygienická stanice {f};en=Regional Public Health Authority of the {e}|KHS|"
        "cs=ochrana veřejného zdraví;en=public health|" A_PR "," A_PQ,
    "r|cs=Krajské ředitelství policie {f};en=Regional Police Directorate of the {e}|KŘP|"
        "cs=zbraně;en=firearms|" A_FA,
    NULL
};

//  ---- Greece ({f} is the genitive: "Ιατρικός Σύλλογος Αθηνών"; {e} the Latin name)
static const char *const s_places_el [] = {
    "Αθήνα;Αθηνών;Athens;105 57", "Θεσσαλονίκη;Θεσσαλονίκης;Thessaloniki;546 21",
    "Πάτρα;Πατρών;Patras;262 21", "Ηράκλειο;Ηρακλείου;Heraklion;712 02",
    "Λάρισα;Λάρισας;Larissa;412 22", "Βόλος;Βόλου;Volos;382 21", "Ιωάννινα;Ιωαννίνων;Ioannina;454 44",
    "Χανιά;Χανίων;Chania;731 34", "Καβάλα;Καβάλας;Kavala;654 03", "Ρόδος;Ρόδου;Rhodes;851 00",
    "Σέρρες;Σερρών;Serres;621 22", "Αλεξανδρούπολη;Αλεξανδρούπολης;Alexandroupoli;681 00",
    "Χαλκίδα;Χαλκίδας;Chalcis;341 00", "Κατερίνη;Κατερίνης;Katerini;601 00",
    "Τρίκαλα;Τρικάλων;Trikala;421 00", "Λαμία;Λαμίας;Lamia;351 00", "Καλαμάτα;Καλαμάτας;Kalamata;241 00",
    "Κομοτηνή;Κομοτηνής;Komotini;691 00", "Κέρκυρα;Κέρκυρας;Corfu;491 00", "Ξάνθη;Ξάνθης;Xanthi;671 00",
    "Δράμα;Δράμας;Drama;661 00", "Κοζάνη;Κοζάνης;Kozani;501 00", "Καρδίτσα;Καρδίτσας;Karditsa;431 00",
    "Ρέθυμνο;Ρεθύμνου;Rethymno;741 00", "Τρίπολη;Τρίπολης;Tripoli;221 00", "Πειραιάς;Πειραιά;Piraeus;185 35",
    "Μυτιλήνη;Μυτιλήνης;Mytilene;811 00", "Χίος;Χίου;Chios;821 00", "Άρτα;Άρτας;Arta;471 00",
    "Κόρινθος;Κορίνθου;Corinth;201 00",
    "*Αττική;Αττικής;Attica;115 21;;Αθήνα", "*Κεντρική Μακεδονία;Κεντρικής Μακεδονίας;Central Macedonia;546 26;;Θεσσαλονίκη",
    "*Δυτική Ελλάδα;Δυτικής Ελλάδας;Western Greece;263 34;;Πάτρα", "*Κρήτη;Κρήτης;Crete;712 01;;Ηράκλειο",
    "*Θεσσαλία;Θεσσαλίας;Thessaly;412 22;;Λάρισα", "*Ήπειρος;Ηπείρου;Epirus;454 45;;Ιωάννινα",
    "*Ανατολική Μακεδονία και Θράκη;Ανατολικής Μακεδονίας και Θράκης;Eastern Macedonia and Thrace;691 00;;Κομοτηνή",
    "*Δυτική Μακεδονία;Δυτικής Μακεδονίας;Western Macedonia;501 00;;Κοζάνη",
    "*Στερεά Ελλάδα;Στερεάς Ελλάδας;Central Greece;351 00;;Λαμία",
    "*Πελοπόννησος;Πελοποννήσου;Peloponnese;221 00;;Τρίπολη",
    "*Ιόνια Νησιά;Ιονίων Νήσων;Ionian Islands;491 00;;Κέρκυρα",
    "*Βόρειο Αιγαίο;Βορείου Αιγαίου;North Aegean;811 00;;Μυτιλήνη",
    "*Νότιο Αιγαίο;Νοτίου Αιγαίου;South Aegean;851 00;;Ρόδος",
    "Αγρίνιο;Αγρινίου;Agrinio;301 00", "Βέροια;Βέροιας;Veria;591 00",
    "Γιαννιτσά;Γιαννιτσών;Giannitsa;581 00", "Έδεσσα;Έδεσσας;Edessa;582 00",
    "Κιλκίς;Κιλκίς;Kilkis;611 00", "Φλώρινα;Φλώρινας;Florina;531 00",
    "Καστοριά;Καστοριάς;Kastoria;521 00", "Γρεβενά;Γρεβενών;Grevena;511 00",
    "Πρέβεζα;Πρέβεζας;Preveza;481 00", "Ηγουμενίτσα;Ηγουμενίτσας;Igoumenitsa;461 00",
    "Λευκάδα;Λευκάδας;Lefkada;311 00", "Ζάκυνθος;Ζακύνθου;Zakynthos;291 00",
    "Αργοστόλι;Αργοστολίου;Argostoli;281 00", "Πύργος;Πύργου;Pyrgos;271 00",
    "Ναύπλιο;Ναυπλίου;Nafplio;211 00", "Σπάρτη;Σπάρτης;Sparta;231 00",
    "Άγιος Νικόλαος;Αγίου Νικολάου;Agios Nikolaos;721 00", "Σάμος;Σάμου;Samos;831 00",
    "Σύρος;Σύρου;Syros;841 00", "Ορεστιάδα;Ορεστιάδας;Orestiada;682 00", "Θήβα;Θηβών;Thebes;322 00",
    "Λιβαδειά;Λιβαδειάς;Livadeia;321 00",
    NULL
};

static const char *const s_templates_el [] = {
    "n|el=Υπουργείο Υγείας;en=Ministry of Health||el=επαγγέλματα υγείας;en=health professions|"
        A_PQ "," A_PR,
    "n|el=Υπουργείο Εργασίας και Κοινωνικής Ασφάλισης;en=Ministry of Labour and Social Security||"
        "el=απόσπαση εργαζομένων;en=posting of workers|" A_PW,
    "n|el=Επιθεώρηση Εργασίας;en=Labour Inspectorate||el=απόσπαση,έλεγχοι;en=posting,inspections|"
        A_PW "," A_RT,
    "n|el=Πανελλήνιος Ιατρικός Σύλλογος;en=Panhellenic Medical Association|ΠΙΣ|el=ιατροί;"
        "en=doctors|" A_PQ,
    "n|el=Τράπεζα της Ελλάδος;en=Bank of Greece||el=μετρητά;en=cash|" A_EC,
    "n|el=Αρχή Προστασίας Δεδομένων Προσωπικού Χαρακτήρα;en=Hellenic Data Protection Authority||"
        "el=προσωπικά δεδομένα;en=personal data|" A_GDPR,
    "n|el=Υπουργείο Πολιτισμού;en=Ministry of Culture||el=πολιτιστικά αγαθά,αρχαιότητες;"
        "en=cultural goods,antiquities|" A_CO,
    "n|el=Γενική Γραμματεία Εμπορίου;en=General Secretariat of Commerce||el=καταναλωτές;"
        "en=consumers|" A_CPC "," A_SV "," A_ECOM,
    "n|el=Κέντρο SOLVIT Ελλάδας;en=SOLVIT Centre Greece||el=εσωτερική αγορά;en=single market|"
        A_SOL "," A_SMR,
    "n|el=Υπουργείο Δικαιοσύνης;en=Ministry of Justice||el=δικαστική συνεργασία;"
        "en=judicial cooperation|" A_EJN "," A_PD,
    "n|el=Ρυθμιστική Αρχή Σιδηροδρόμων;en=Regulatory Authority for Railways|ΡΑΣ|"
        "el=μηχανοδηγοί;en=train drivers|" A_TDL,
    "n|el=Υπουργείο Υποδομών και Μεταφορών;en=Ministry of Infrastructure and Transport||"
        "el=οδικές μεταφορές;en=road transport|" A_RT "," A_NRMM,
    "n|el=Διεπιστημονικός Οργανισμός Αναγνώρισης Τίτλων Ακαδημαϊκών και Πληροφόρησης;"
        "en=Hellenic NARIC|ΔΟΑΤΑΠ|el=αναγνώριση τίτλων;en=recognition of qualifications|" A_PQ,
    "n|el=Αρχηγείο Ελληνικής Αστυνομίας;en=Hellenic Police Headquarters||el=όπλα;en=firearms|" A_FA,
    "n|el=Εθνικός Οργανισμός Παροχής Υπηρεσιών Υγείας;en=National Organisation for the "
        "Provision of Health Services|ΕΟΠΥΥ|el=διασυνοριακή υγειονομική περίθαλψη;"
        "en=cross-border healthcare|" A_PR,
    "c|el=Ιατρικός Σύλλογος {f};en={e} Medical Association|ΙΣ{C}|el=ιατροί;en=doctors|"
        A_PQ "," A_PR,
    "c|el=Φαρμακευτικός Σύλλογος {f};en={e} Pharmaceutical Association||el=φαρμακοποιοί;"
        "en=pharmacists|" A_PQ "," A_EPC,
    "c|el=Δικηγορικός Σύλλογος {f};en={e} Bar Association|ΔΣ{C}|el=δικηγόροι;en=lawyers|"
        A_PQ "," A_SV,
    "c|el=Οδοντιατρικός Σύλλογος {f};en={e} Dental Association||el=οδοντίατροι;en=dentists|"
        A_PQ "," A_PR,
    "c|el=Εμπορικό και Βιομηχανικό Επιμελητήριο {f};en={e} Chamber of Commerce and Industry|"
        "ΕΒΕ{C}|el=επιχειρήσεις;en=businesses|" A_SV,
    "c|el=Πρωτοδικείο {f};en={e} Court of First Instance||el=αστικές υποθέσεις;"
        "en=civil cases|" A_EJN,
    "r|el=Περιφέρεια {f} – Διεύθυνση Δημόσιας Υγείας;en=Region of {e} – Public Health "
        "Directorate||el=δημόσια υγεία;en=public health|" A_PR "," A_PQ,
    "r|el=Περιφέρεια {f} – Διεύθυνση Ανάπτυξης;en=Region of {e} – Development Directorate||"
        "el=άδειες,επιχειρήσεις;en=licences,businesses|" A_SV,
    "r|el=Περιφέρεια {f} – Διεύθυνση Μεταφορών και Επικοινωνιών;en=Region of {e} – Transport "
        "and Communications Directorate||el=μεταφορές;en=transport|" A_RT,
    NULL
};

//  ---- Sweden ({f} is the genitive: "Lunds kommun", "Uppsala tingsrätt"; counties:
//  "Länsstyrelsen i {c}")
static const char *const s_places_se [] = {
    "Stockholm;Stockholms;;111 52", "Göteborg;Göteborgs;Gothenburg;411 04", "Malmö;;;211 20", "Uppsala;;;753 20",
    "Västerås;;;722 15", "Örebro;;;702 10", "Linköping;Linköpings;;582 23", "Helsingborg;Helsingborgs;;252 21",
    "Jönköping;Jönköpings;;553 20", "Norrköping;Norrköpings;;602 24", "Lund;Lunds;;222 21", "Umeå;;;903 26",
    "Gävle;;;803 20", "Borås;;;503 30", "Södertälje;;;151 73", "Eskilstuna;;;632 20",
    "Halmstad;Halmstads;;302 42", "Växjö;;;352 30", "Karlstad;Karlstads;;652 25", "Sundsvall;Sundsvalls;;852 30",
    "Luleå;;;972 31", "Östersund;Östersunds;;831 30", "Trollhättan;Trollhättans;;461 30", "Kalmar;;;392 31",
    "Kristianstad;Kristianstads;;291 31", "Falun;Falu;;791 71", "Skövde;;;541 30", "Karlskrona;;;371 31",
    "Visby;;;621 56", "Kiruna;;;981 31", "Nyköping;Nyköpings;;611 30", "Härnösand;Härnösands;;871 31",
    "*Stockholms län;Stockholms län;Stockholm County;104 22;;Stockholm",
    "*Västra Götalands län;Västra Götalands län;Västra Götaland County;403 40;;Göteborg",
    "*Skåne län;Skåne län;Skåne County;205 15;;Malmö", "*Uppsala län;Uppsala län;Uppsala County;751 86;;Uppsala",
    "*Östergötlands län;Östergötlands län;Östergötland County;581 86;;Linköping",
    "*Jönköpings län;Jönköpings län;Jönköping County;551 86;;Jönköping",
    "*Västerbottens län;Västerbottens län;Västerbotten County;901 86;;Umeå",
    "*Norrbottens län;Norrbottens län;Norrbotten County;971 86;;Luleå",
    "*Dalarnas län;Dalarnas län;Dalarna County;791 84;;Falun",
    "*Gotlands län;Gotlands län;Gotland County;621 85;;Visby",
    "Botkyrka;;;147 85", "Haninge;;;136 81", "Huddinge;;;141 85", "Järfälla;;;177 80",
    "Nacka;;;131 81", "Norrtälje;;;761 80", "Sollentuna;;;191 86", "Solna;;;171 86",
    "Sundbyberg;Sundbybergs;;172 92", "Täby;;;183 80", "Upplands Väsby;;;194 80", "Vallentuna;;;186 86",
    "Värmdö;;;134 81", "Enköping;Enköpings;;745 80", "Uddevalla;;;451 81", "Alingsås;;;441 81",
    "Kungsbacka;;;434 81", "Lerum;Lerums;;443 80", "Mölndal;Mölndals;;431 82", "Partille;;;433 82",
    "Kungälv;Kungälvs;;442 81", "Lidköping;Lidköpings;;531 88", "Mariestad;Mariestads;;542 86", "Varberg;Varbergs;;432 80",
    "Falkenberg;Falkenbergs;;311 80", "Ängelholm;Ängelholms;;262 80", "Landskrona;;;261 80", "Trelleborg;Trelleborgs;;231 83",
    "Ystad;Ystads;;271 80", "Hässleholm;Hässleholms;;281 80", "Eslöv;Eslövs;;241 80", "Vellinge;;;235 81",
    "Karlshamn;Karlshamns;;374 81", "Ronneby;;;372 80", "Västervik;Västerviks;;593 80", "Motala;;;591 86",
    "Finspång;Finspångs;;612 80", "Katrineholm;Katrineholms;;641 80", "Strängnäs;;;645 80", "Köping;Köpings;;731 85",
    "Sala;;;733 25", "Arboga;;;732 86", "Karlskoga;;;691 83", "Lindesberg;Lindesbergs;;711 80",
    "Arvika;;;671 81", "Kristinehamn;Kristinehamns;;681 84", "Borlänge;;;781 81", "Mora;;;792 80",
    "Ludvika;;;771 82", "Sandviken;Sandvikens;;811 80", "Hudiksvall;Hudiksvalls;;824 80", "Söderhamn;Söderhamns;;826 80",
    "Bollnäs;;;821 80", "Örnsköldsvik;Örnsköldsviks;;891 88", "Sollefteå;;;881 80", "Skellefteå;;;931 85",
    "Piteå;;;941 85", "Boden;Bodens;;961 86", "Gällivare;;;982 80", "Haparanda;;;953 85",
    NULL
};

static const char *const s_templates_se [] = {
    "n|sv=Socialstyrelsen;en=National Board of Health and Welfare||sv=legitimation,hälso- och "
        "sjukvård;en=licence to practise,healthcare|" A_PQ "," A_PR "," A_EPC,
    "n|sv=Arbetsmiljöverket;en=Swedish Work Environment Authority||sv=utstationering;"
        "en=posting of workers|" A_PW "," A_RT,
    "n|sv=Kommerskollegium;en=National Board of Trade Sweden||sv=inre marknaden,SOLVIT;"
        "en=single market,SOLVIT|" A_SOL "," A_SMR "," A_SV,
    "n|sv=Sveriges riksbank;en=Sveriges Riksbank||sv=kontanter;en=cash|" A_EC,
    "n|sv=Integritetsskyddsmyndigheten;en=Swedish Authority for Privacy Protection|IMY|"
        "sv=dataskydd;en=data protection|" A_GDPR,
    "n|sv=Riksantikvarieämbetet;en=Swedish National Heritage Board|RAÄ|sv=kulturföremål;"
        "en=cultural objects|" A_CO,
    "n|sv=Konsumentverket;en=Swedish Consumer Agency||sv=konsumenter,e-handel;"
        "en=consumers,e-commerce|" A_CPC "," A_ECOM,
    "n|sv=Transportstyrelsen;en=Swedish Transport Agency||sv=förarbevis,vägtransport;"
        "en=train driving licence,road transport|" A_TDL "," A_RT "," A_NRMM,
    "n|sv=Universitets- och högskolerådet;en=Swedish Council for Higher Education|UHR|"
        "sv=bedömning av utländsk utbildning;en=recognition of foreign qualifications|" A_PQ,
    "n|sv=Skolverket;en=Swedish National Agency for Education||sv=lärarlegitimation;"
        "en=teacher certification|" A_PQ,
    "n|sv=Polismyndigheten;en=Swedish Police Authority||sv=vapenlicens;en=firearms licence|" A_FA,
    "n|sv=Justitiedepartementet;en=Ministry of Justice||sv=rättslig samarbete;"
        "en=judicial cooperation|" A_EJN "," A_PD,
    "n|sv=Försäkringskassan;en=Swedish Social Insurance Agency||sv=vård utomlands;"
        "en=healthcare abroad|" A_PR,
    "n|sv=Myndigheten för digital förvaltning;en=Agency for Digital Government|DIGG|"
        "sv=e-tjänster;en=e-services|" A_SDG,
    "c|sv={f} kommun;en={e} Municipality||sv=tillstånd,folkbokföring;en=permits,registration|"
        A_SV "," A_SDG,
    "c|sv={f} tingsrätt;en={e} District Court||sv=tvistemål;en=civil cases|" A_EJN,
    "c|sv=Miljö- och hälsoskyddsförvaltningen i {c};en={e} Environment and Health Administration||"
        "sv=hälsoskydd;en=health protection|" A_PR "," A_SV,
    "r|sv=Länsstyrelsen i {c};en={e} County Administrative Board||sv=tillstånd,kulturmiljö;"
        "en=permits,cultural heritage|" A_SV "," A_CO "," A_FA,
    "r|sv=Region {c};en=Region of {e}||sv=hälso- och sjukvård;en=healthcare|" A_PR,
    NULL
};

//  ---- Portugal ({f} is "de Lisboa", "do Porto")
static const char *const s_places_pt [] = {
    "Lisboa;de Lisboa;Lisbon;1100-148", "Porto;do Porto;;4000-407", "Braga;de Braga;;4700-435",
    "Coimbra;de Coimbra;;3000-143", "Funchal;do Funchal;;9000-050", "Setúbal;de Setúbal;;2900-263",
    "Aveiro;de Aveiro;;3810-200", "Faro;de Faro;;8000-151", "Évora;de Évora;;7000-671",
    "Viseu;de Viseu;;3500-080", "Leiria;de Leiria;;2400-137", "Ponta Delgada;de Ponta Delgada;;9500-077",
    "Viana do Castelo;de Viana do Castelo;;4900-321", "Vila Real;de Vila Real;;5000-603",
    "Guarda;da Guarda;;6300-854", "Castelo Branco;de Castelo Branco;;6000-458",
    "Santarém;de Santarém;;2000-241", "Portalegre;de Portalegre;;7300-110", "Beja;de Beja;;7800-295",
    "Bragança;de Bragança;;5300-252", "Guimarães;de Guimarães;;4800-431", "Matosinhos;de Matosinhos;;4450-208",
    "Amadora;da Amadora;;2700-595", "Almada;de Almada;;2800-153", "Sintra;de Sintra;;2710-616",
    "Cascais;de Cascais;;2750-642", "Vila Nova de Gaia;de Vila Nova de Gaia;;4430-999",
    "Loures;de Loures;;2674-501", "Oeiras;de Oeiras;;2780-076", "Barcelos;de Barcelos;;4750-323",
    "Angra do Heroísmo;de Angra do Heroísmo;;9700-857", "Portimão;de Portimão;;8500-543",
    "Seixal;do Seixal;;2844-001", "Gondomar;de Gondomar;;4420-086", "Maia;da Maia;;4470-202",
    "Odivelas;de Odivelas;;2675-372", "Vila Franca de Xira;de Vila Franca de Xira;;2600-093",
    "Santa Maria da Feira;de Santa Maria da Feira;;4520-211", "Valongo;de Valongo;;4440-503",
    "Figueira da Foz;da Figueira da Foz;;3084-501", "Torres Vedras;de Torres Vedras;;2560-309",
    "Póvoa de Varzim;da Póvoa de Varzim;;4490-438", "Vila do Conde;de Vila do Conde;;4480-454",
    "Caldas da Rainha;das Caldas da Rainha;;2500-110", "Tomar;de Tomar;;2300-531",
    "Abrantes;de Abrantes;;2200-366", "Covilhã;da Covilhã;;6200-151", "Chaves;de Chaves;;5400-150",
    "Lamego;de Lamego;;5100-074", "Peniche;de Peniche;;2520-239", "Lagos;de Lagos;;8600-293",
    "Loulé;de Loulé;;8104-001", "Tavira;de Tavira;;8800-951", "Olhão;de Olhão;;8700-349",
    "Sines;de Sines;;7520-210", "Elvas;de Elvas;;7350-126", "Estremoz;de Estremoz;;7100-513",
    "Ovar;de Ovar;;3880-141", "Espinho;de Espinho;;4500-160", "Fafe;de Fafe;;4824-501",
    "Marinha Grande;da Marinha Grande;;2430-446",
    NULL
};

static const char *const s_templates_pt [] = {
    "n|pt=Ministério da Saúde;en=Ministry of Health||pt=profissões de saúde;"
        "en=health professions|" A_PQ "," A_PR,
    "n|pt=Autoridade para as Condições do Trabalho;en=Authority for Working Conditions|ACT|"
        "pt=destacamento,inspeção do trabalho;en=posting,labour inspection|" A_PW "," A_RT,
    "n|pt=Ordem dos Médicos;en=Portuguese Medical Association|OM|pt=médicos;en=doctors|" A_PQ,
    "n|pt=Ordem dos Enfermeiros;en=Order of Nurses||pt=enfermeiros;en=nurses|" A_PQ "," A_EPC,
    "n|pt=Ordem dos Advogados;en=Portuguese Bar Association|OA|pt=advogados;en=lawyers|"
        A_PQ "," A_SV,
    "n|pt=Banco de Portugal;en=Bank of Portugal|BdP|pt=numerário;en=cash|" A_EC,
    "n|pt=Comissão Nacional de Proteção de Dados;en=National Data Protection Commission|CNPD|"
        "pt=proteção de dados;en=data protection|" A_GDPR,
    "n|pt=Direção-Geral do Património Cultural;en=Directorate-General for Cultural Heritage|DGPC|"
        "pt=bens culturais;en=cultural goods|" A_CO,
    "n|pt=Direção-Geral do Consumidor;en=Directorate-General for Consumers|DGC|"
        "pt=consumidores;en=consumers|" A_CPC "," A_ECOM,
    "n|pt=Centro SOLVIT Portugal;en=SOLVIT Centre Portugal||pt=mercado interno;"
        "en=single market|" A_SOL "," A_SMR,
    "n|pt=Direção-Geral da Política de Justiça;en=Directorate-General for Justice Policy|DGPJ|"
        "pt=cooperação judiciária;en=judicial cooperation|" A_EJN "," A_PD,
    "n|pt=Instituto da Mobilidade e dos Transportes;en=Institute for Mobility and Transport|IMT|"
        "pt=maquinistas,transporte rodoviário;en=train drivers,road transport|" A_TDL "," A_RT "," A_NRMM,
    "n|pt=Polícia de Segurança Pública – Departamento de Armas e Explosivos;en=Public Security "
        "Police – Firearms and Explosives Department|PSP|pt=armas;en=firearms|" A_FA,
    "n|pt=Direção-Geral das Atividades Económicas;en=Directorate-General for Economic "
        "Activities|DGAE|pt=serviços,comércio;en=services,trade|" A_SV,
    "n|pt=Agência para a Modernização Administrativa;en=Agency for Administrative Modernisation|"
        "AMA|pt=serviços online;en=online services|" A_SDG,
    "c|pt=Câmara Municipal {f};en={e} City Council|CM|pt=licenciamento,registos;"
        "en=licensing,registers|" A_SV "," A_SDG,
    "c|pt=Tribunal Judicial da Comarca {f};en={e} District Court||pt=processos cíveis;"
        "en=civil proceedings|" A_EJN,
    "c|pt=Conservatória do Registo Civil {f};en={e} Civil Registry Office||pt=certidões;"
        "en=certificates|" A_PD,
    "c|pt=Unidade Local de Saúde {f};en={e} Local Health Unit|ULS|"
        "pt=cuidados de saúde transfronteiriços;en=cross-border healthcare|" A_PR,
    "c|pt=Serviço de Finanças {f};en={e} Tax Office||pt=coimas,cobrança;en=fines,recovery|" A_PW,
    NULL
};

//  ---- Hungary ({f} of a city is its adjective: "Debreceni Törvényszék"; counties: "{c} Vármegyei
//  Kormányhivatal". Budapest has its own bodies, so hosts only national ones.)
static const char *const s_places_hu [] = {
    "Budapest;;;1051;-", "Debrecen;Debreceni;;4024", "Szeged;Szegedi;;6720", "Miskolc;Miskolci;;3525", "Pécs;Pécsi;;7621",
    "Győr;Győri;;9021", "Nyíregyháza;Nyíregyházi;;4400", "Kecskemét;Kecskeméti;;6000", "Székesfehérvár;Székesfehérvári;;8000",
    "Szombathely;Szombathelyi;;9700", "Szolnok;Szolnoki;;5000", "Tatabánya;Tatabányai;;2800", "Kaposvár;Kaposvári;;7400", "Érd;Érdi;;2030",
    "Veszprém;Veszprémi;;8200", "Békéscsaba;Békéscsabai;;5600", "Zalaegerszeg;Zalaegerszegi;;8900", "Sopron;Soproni;;9400", "Eger;Egri;;3300",
    "Nagykanizsa;Nagykanizsai;;8800", "Dunaújváros;Dunaújvárosi;;2400", "Hódmezővásárhely;Hódmezővásárhelyi;;6800", "Salgótarján;Salgótarjáni;;3100",
    "Szekszárd;Szekszárdi;;7100", "Esztergom;Esztergomi;;2500",
    "*Baranya;;;7623;;Pécs", "*Bács-Kiskun;;;6000;;Kecskemét", "*Békés;;;5600;;Békéscsaba",
    "*Borsod-Abaúj-Zemplén;;;3525;;Miskolc", "*Csongrád-Csanád;;;6720;;Szeged",
    "*Fejér;;;8000;;Székesfehérvár", "*Győr-Moson-Sopron;;;9021;;Győr", "*Hajdú-Bihar;;;4024;;Debrecen",
    "*Heves;;;3300;;Eger", "*Jász-Nagykun-Szolnok;;;5000;;Szolnok", "*Komárom-Esztergom;;;2800;;Tatabánya",
    "*Nógrád;;;3100;;Salgótarján", "*Pest;;;1052;;Budapest", "*Somogy;;;7400;;Kaposvár",
    "*Szabolcs-Szatmár-Bereg;;;4400;;Nyíregyháza", "*Tolna;;;7100;;Szekszárd", "*Vas;;;9700;;Szombathely",
    "*Veszprém;;;8200;;Veszprém", "*Zala;;;8900;;Zalaegerszeg",
    "Cegléd;Ceglédi;;2700", "Gödöllő;Gödöllői;;2100", "Vác;Váci;;2600",
    "Szentendre;Szentendrei;;2000", "Baja;Bajai;;6500", "Gyula;Gyulai;;5700",
    "Kiskunfélegyháza;Kiskunfélegyházi;;6100", "Jászberény;Jászberényi;;5100", "Pápa;Pápai;;8500",
    "Ajka;Ajkai;;8400", "Siófok;Siófoki;;8600", "Keszthely;Keszthelyi;;8360",
    "Mosonmagyaróvár;Mosonmagyaróvári;;9200", "Gyöngyös;Gyöngyösi;;3200", "Ózd;Ózdi;;3600",
    "Kazincbarcika;Kazincbarcikai;;3700", "Mohács;Mohácsi;;7700", "Paks;Paksi;;7030",
    "Makó;Makói;;6900", "Szarvas;Szarvasi;;5540", "Hajdúböszörmény;Hajdúböszörményi;;4220",
    "Mátészalka;Mátészalkai;;4700", "Kisvárda;Kisvárdai;;4600", "Tata;Tatai;;2890",
    "Komárom;Komáromi;;2900",
    NULL
};

static const char *const s_templates_hu [] = {
    "n|hu=Belügyminisztérium;en=Ministry of Interior|BM|hu=egészségügy,fegyverek;"
        "en=health,firearms|" A_PR "," A_FA,
    "n|hu=Nemzeti Népegészségügyi és Gyógyszerészeti Központ;en=National Center for Public "
        "Health and Pharmacy|NNGYK|hu=egészségügyi szakmák,elismerés;en=health professions,"
        "recognition|" A_PQ "," A_EPC,
    "n|hu=Magyar Orvosi Kamara;en=Hungarian Medical Chamber|MOK|hu=orvosok;en=doctors|" A_PQ,
    "n|hu=Magyar Nemzeti Bank;en=Central Bank of Hungary|MNB|hu=készpénz;en=cash|" A_EC,
    "n|hu=Nemzeti Adatvédelmi és Információszabadság Hatóság;en=Hungarian National Authority for "
        "Data Protection and Freedom of Information|NAIH|hu=adatvédelem;en=data protection|" A_GDPR,
    "n|hu=Építési és Közlekedési Minisztérium;en=Ministry of Construction and Transport|ÉKM|"
        "hu=közúti közlekedés,mozdonyvezetők;en=road transport,train drivers|" A_RT "," A_TDL "," A_NRMM,
    "n|hu=Igazságügyi Minisztérium;en=Ministry of Justice|IM|hu=igazságügyi együttműködés;"
        "en=judicial cooperation|" A_EJN "," A_PD,
    "n|hu=Oktatási Hivatal;en=Educational Authority|OH|hu=oklevelek elismerése;"
        "en=recognition of diplomas|" A_PQ,
    "n|hu=Nemzetgazdasági Minisztérium – SOLVIT Központ;en=Ministry for National Economy – "
        "SOLVIT Centre||hu=belső piac;en=single market|" A_SOL "," A_SMR "," A_SV,
    "n|hu=Nemzeti Egészségbiztosítási Alapkezelő;en=National Health Insurance Fund|NEAK|"
        "hu=határon átnyúló ellátás;en=cross-border healthcare|" A_PR,
    "n|hu=Budapest Főváros Kormányhivatala;en=Government Office of the Capital City Budapest|BFKH|"
        "hu=foglalkoztatás,ügyintézés;en=employment,administration|" A_PW "," A_SV "," A_PD "," A_CPC,
    "c|hu={f} Járási Hivatal;en={e} District Office||hu=ügyintézés,okmányok;"
        "en=administration,documents|" A_SV "," A_PD "," A_SDG,
    "c|hu={f} Törvényszék;en={e} Regional Court||hu=polgári ügyek;en=civil cases|" A_EJN,
    "c|hu={f} Járásbíróság;en={e} District Court||hu=polgári ügyek,kézbesítés;"
        "en=civil cases,service of documents|" A_EJN "," A_PD,
    "c|hu={f} Rendőrkapitányság;en={e} Police Department||hu=fegyverengedély;"
        "en=firearms licence|" A_FA,
    "r|hu={c} Vármegyei Kormányhivatal Népegészségügyi Főosztály;en={e} County Government Office – "
        "Public Health Department||hu=népegészségügy;en=public health|" A_PR "," A_PQ,
    "r|hu={c} Vármegyei Kormányhivatal Foglalkoztatás-felügyeleti és Munkavédelmi Főosztály;"
        "en={e} County Government Office – Employment Supervision and Labour Safety Department||"
        "hu=munkaügyi ellenőrzés,kiküldetés;en=labour inspection,posting|" A_PW "," A_RT,
    "r|hu={c} Vármegyei Kormányhivatal;en={e} County Government Office||hu=ügyintézés,"
        "fogyasztóvédelem;en=administration,consumer protection|" A_SV "," A_PD "," A_CPC,
    "r|hu={c} Vármegyei Rendőr-főkapitányság;en={e} County Police Headquarters||hu=fegyverek;"
        "en=firearms|" A_FA,
    "r|hu={c} Vármegyei Kereskedelmi és Iparkamara;en={e} County Chamber of Commerce and "
        "Industry||hu=vállalkozások;en=businesses|" A_SV,
    NULL
};

//  ---- Bulgaria
static const char *const s_places_bg [] = {
    "София;;Sofia;1000", "Пловдив;;Plovdiv;4000", "Варна;;Varna;9000", "Бургас;;Burgas;8000",
    "Русе;;Ruse;7000", "Стара Загора;;Stara Zagora;6000", "Плевен;;Pleven;5800",
    "Сливен;;Sliven;8800", "Добрич;;Dobrich;9300", "Шумен;;Shumen;9700", "Перник;;Pernik;2300",
    "Хасково;;Haskovo;6300", "Ямбол;;Yambol;8600", "Пазарджик;;Pazardzhik;4400",
    "Благоевград;;Blagoevgrad;2700", "Велико Търново;;Veliko Tarnovo;5000", "Враца;;Vratsa;3000",
    "Габрово;;Gabrovo;5300", "Видин;;Vidin;3700", "Кърджали;;Kardzhali;6600",
    "Кюстендил;;Kyustendil;2500", "Монтана;;Montana;3400", "Ловеч;;Lovech;5500",
    "Силистра;;Silistra;7500", "Търговище;;Targovishte;7700", "Разград;;Razgrad;7200",
    "Смолян;;Smolyan;4700", "Сандански;;Sandanski;2800",
    NULL
};

static const char *const s_templates_bg [] = {
    "n|bg=Министерство на здравеопазването;en=Ministry of Health|МЗ|bg=медицински професии;"
        "en=medical professions|" A_PQ "," A_PR,
    "n|bg=Изпълнителна агенция „Главна инспекция по труда“;en=Executive Agency General Labour "
        "Inspectorate|ИА ГИТ|bg=командироване;en=posting of workers|" A_PW "," A_RT,
    "n|bg=Български лекарски съюз;en=Bulgarian Medical Association|БЛС|bg=лекари;en=doctors|" A_PQ,
    "n|bg=Българска народна банка;en=Bulgarian National Bank|БНБ|bg=парични средства;en=cash|" A_EC,
    "n|bg=Комисия за защита на личните данни;en=Commission for Personal Data Protection|КЗЛД|"
        "bg=лични данни;en=personal data|" A_GDPR,
    "n|bg=Министерство на културата;en=Ministry of Culture|МК|bg=културни ценности;"
        "en=cultural property|" A_CO,
    "n|bg=Комисия за защита на потребителите;en=Consumer Protection Commission|КЗП|"
        "bg=потребители;en=consumers|" A_CPC "," A_ECOM,
    "n|bg=Министерство на икономиката и индустрията – Център SOLVIT;en=Ministry of Economy and "
        "Industry – SOLVIT Centre||bg=вътрешен пазар;en=single market|" A_SOL "," A_SMR "," A_SV,
    "n|bg=Министерство на правосъдието;en=Ministry of Justice|МП|bg=съдебно сътрудничество;"
        "en=judicial cooperation|" A_EJN "," A_PD,
    "n|bg=Изпълнителна агенция „Железопътна администрация“;en=Railway Administration Executive "
        "Agency|ИАЖА|bg=машинисти;en=train drivers|" A_TDL,
    "n|bg=Изпълнителна агенция „Автомобилна администрация“;en=Road Transport Administration "
        "Executive Agency|ИААА|bg=автомобилен транспорт;en=road transport|" A_RT,
    "n|bg=Национален център за информация и документация;en=National Centre for Information and "
        "Documentation|НАЦИД|bg=признаване на дипломи;en=recognition of diplomas|" A_PQ,
    "n|bg=Главна дирекция „Национална полиция“;en=Chief Directorate National Police|ГДНП|"
        "bg=оръжие;en=firearms|" A_FA,
    "c|bg=Община {c};en={e} Municipality||bg=административни услуги;"
        "en=administrative services|" A_SV "," A_SDG "," A_PD,
    "c|bg=Регионална здравна инспекция – {c};en=Regional Health Inspectorate – {e}|РЗИ|"
        "bg=обществено здраве;en=public health|" A_PR "," A_PQ,
    "c|bg=Районен съд – {c};en=District Court – {e}||bg=граждански дела;en=civil cases|" A_EJN,
    "c|bg=Адвокатска колегия – {c};en=Bar Association – {e}||bg=адвокати;en=lawyers|" A_PQ "," A_SV,
    "c|bg=Регионална колегия на Български лекарски съюз – {c};en=Regional College of the "
        "Bulgarian Medical Association – {e}|РК на БЛС|bg=лекари;en=doctors|" A_PQ "," A_PR,
    "c|bg=Дирекция „Инспекция по труда“ – {c};en=Labour Inspectorate Directorate – {e}||"
        "bg=трудови отношения;en=labour relations|" A_PW,
    "c|bg=Областна администрация – {c};en=Regional Administration – {e}||"
        "bg=легализация;en=legalisation|" A_PD "," A_SV,
    NULL
};

//  ---- Denmark
static const char *const s_places_dk [] = {
    "København;;Copenhagen;1050", "Aarhus;;;8000", "Odense;;;5000", "Aalborg;;;9000",
    "Esbjerg;;;6700", "Randers;;;8900", "Kolding;;;6000", "Horsens;;;8700", "Vejle;;;7100",
    "Roskilde;;;4000", "Herning;;;7400", "Helsingør;;;3000", "Silkeborg;;;8600", "Næstved;;;4700",
    "Fredericia;;;7000", "Viborg;;;8800", "Køge;;;4600", "Holstebro;;;7500", "Slagelse;;;4200",
    "Hillerød;;;3400", "Sønderborg;;;6400", "Svendborg;;;5700", "Hjørring;;;9800",
    "Frederikshavn;;;9900", "Nykøbing Falster;;;4800", "Rønne;;;3700", "Aabenraa;;;6200",
    "Haderslev;;;6100", "Skive;;;7800", "Thisted;;;7700",
    "Ringsted;;;4100", "Holbæk;;;4300", "Kalundborg;;;4400", "Vordingborg;;;4760",
    "Middelfart;;;5500", "Nyborg;;;5800", "Skanderborg;;;8660", "Grenaa;;;8500",
    "Ringkøbing;;;6950", "Varde;;;6800", "Tønder;;;6270", "Hobro;;;9500",
    NULL
};

static const char *const s_templates_dk [] = {
    "n|da=Styrelsen for Patientsikkerhed;en=Danish Patient Safety Authority|STPS|"
        "da=autorisation,sundhedspersoner;en=authorisation,health professionals|" A_PQ "," A_PR,
    "n|da=Arbejdstilsynet;en=Danish Working Environment Authority||da=udstationering,RUT;"
        "en=posting of workers,register of foreign service providers|" A_PW "," A_RT,
    "n|da=Uddannelses- og Forskningsstyrelsen;en=Danish Agency for Higher Education and Science||"
        "da=anerkendelse,erhvervskvalifikationer;en=recognition,professional qualifications|" A_PQ,
    "n|da=Danmarks Nationalbank;en=Danmarks Nationalbank||da=kontanter;en=cash|" A_EC,
    "n|da=Datatilsynet;en=Danish Data Protection Agency||da=databeskyttelse;en=data protection|" A_GDPR,
    "n|da=Slots- og Kulturstyrelsen;en=Agency for Culture and Palaces||da=kulturgoder;"
        "en=cultural goods|" A_CO,
    "n|da=Forbrugerombudsmanden;en=Consumer Ombudsman||da=forbrugere,e-handel;"
        "en=consumers,e-commerce|" A_CPC "," A_ECOM,
    "n|da=Erhvervsstyrelsen;en=Danish Business Authority||da=indre marked,SOLVIT;"
        "en=single market,SOLVIT|" A_SOL "," A_SMR "," A_SV,
    "n|da=Justitsministeriet;en=Ministry of Justice||da=retligt samarbejde,våben;"
        "en=judicial cooperation,firearms|" A_EJN "," A_PD "," A_FA,
    "n|da=Trafikstyrelsen;en=Danish Civil Aviation and Railway Authority||da=lokomotivførere;"
        "en=train drivers|" A_TDL,
    "n|da=Færdselsstyrelsen;en=Danish Road Traffic Authority||da=vejtransport;en=road transport|"
        A_RT "," A_NRMM,
    "n|da=Digitaliseringsstyrelsen;en=Agency for Digital Government||da=digitale løsninger;"
        "en=digital services|" A_SDG,
    "c|da={c} Kommune;en={e} Municipality||da=borgerservice,tilladelser;"
        "en=citizen services,permits|" A_SV "," A_SDG "," A_PD,
    "c|da=Retten i {c};en=Court in {e}||da=civile sager;en=civil cases|" A_EJN,
    "c|da=Politiet i {c};en={e} Police||da=våbentilladelse;en=firearms licence|" A_FA,
    "c|da=Jobcenter {c};en={e} Job Centre||da=beskæftigelse;en=employment|" A_PW,
    NULL
};

//  ---- Finland ({f} is the genitive: "Tampereen kaupunki"; national bodies have Finnish and
//  Swedish names)
static const char *const s_places_fi [] = {
    "Helsinki;Helsingin;;00100", "Espoo;Espoon;;02100", "Tampere;Tampereen;;33100", "Vantaa;Vantaan;;01300", "Oulu;Oulun;;90100",
    "Turku;Turun;;20100", "Jyväskylä;Jyväskylän;;40100", "Kuopio;Kuopion;;70100", "Lahti;Lahden;;15100", "Pori;Porin;;28100",
    "Kouvola;Kouvolan;;45100", "Joensuu;Joensuun;;80100", "Lappeenranta;Lappeenrannan;;53100", "Hämeenlinna;Hämeenlinnan;;13100",
    "Vaasa;Vaasan;;65100", "Seinäjoki;Seinäjoen;;60100", "Rovaniemi;Rovaniemen;;96100", "Mikkeli;Mikkelin;;50100", "Kotka;Kotkan;;48100",
    "Salo;Salon;;24100", "Porvoo;Porvoon;;06100", "Kokkola;Kokkolan;;67100", "Lohja;Lohjan;;08100", "Hyvinkää;Hyvinkään;;05800",
    "Kajaani;Kajaanin;;87100", "Rauma;Rauman;;26100", "Savonlinna;Savonlinnan;;57100", "Mariehamn;;;22100;sv",
    "Järvenpää;Järvenpään;;04400", "Nurmijärvi;Nurmijärven;;01900", "Tuusula;Tuusulan;;04300",
    "Kirkkonummi;Kirkkonummen;;02400", "Kerava;Keravan;;04200", "Imatra;Imatran;;55100",
    "Raahe;Raahen;;92100", "Riihimäki;Riihimäen;;11100", "Kemi;Kemin;;94100",
    "Tornio;Tornion;;95400", "Iisalmi;Iisalmen;;74100", "Varkaus;Varkauden;;78200",
    "Pietarsaari;Pietarsaaren;;68600", "Uusikaupunki;Uudenkaupungin;;23500",
    "Forssa;Forssan;;30100", "Kuusamo;Kuusamon;;93600", "Heinola;Heinolan;;18100",
    "Raisio;Raision;;21200", "Kaarina;Kaarinan;;20780", "Naantali;Naantalin;;21100",
    "Sastamala;Sastamalan;;38200", "Valkeakoski;Valkeakosken;;37600",
    NULL
};

static const char *const s_templates_fi [] = {
    "n|fi=Sosiaali- ja terveysalan lupa- ja valvontavirasto;sv=Tillstånds- och tillsynsverket för "
        "social- och hälsovården;en=National Supervisory Authority for Welfare and Health|Valvira|"
        "fi=ammattioikeudet,terveydenhuollon ammattihenkilöt;sv=yrkesutövningsrätt;"
        "en=right to practise,health professionals|" A_PQ "," A_PR "," A_EPC,
    "n|fi=Opetushallitus;sv=Utbildningsstyrelsen;en=Finnish National Agency for Education|OPH|"
        "fi=tutkintojen tunnustaminen;sv=erkännande av examina;en=recognition of qualifications|" A_PQ,
    "n|fi=Suomen Pankki;sv=Finlands Bank;en=Bank of Finland||fi=käteinen;sv=kontanter;en=cash|" A_EC,
    "n|fi=Tietosuojavaltuutetun toimisto;sv=Dataombudsmannens byrå;en=Office of the Data "
        "Protection Ombudsman||fi=tietosuoja;sv=dataskydd;en=data protection|" A_GDPR,
    "n|fi=Museovirasto;sv=Museiverket;en=Finnish Heritage Agency||fi=kulttuuriesineet;"
        "sv=kulturföremål;en=cultural objects|" A_CO,
    "n|fi=Kilpailu- ja kuluttajavirasto;sv=Konkurrens- och konsumentverket;en=Finnish Competition "
        "and Consumer Authority|KKV|fi=kuluttajat;sv=konsumenter;en=consumers|" A_CPC "," A_ECOM,
    "n|fi=Työ- ja elinkeinoministeriö – SOLVIT;sv=Arbets- och näringsministeriet – SOLVIT;"
        "en=Ministry of Economic Affairs and Employment – SOLVIT|TEM|fi=sisämarkkinat;"
        "sv=inre marknaden;en=single market|" A_SOL "," A_SMR "," A_SV,
    "n|fi=Oikeusministeriö;sv=Justitieministeriet;en=Ministry of Justice|OM|"
        "fi=oikeudellinen yhteistyö;sv=rättsligt samarbete;en=judicial cooperation|" A_EJN "," A_PD,
    "n|fi=Liikenne- ja viestintävirasto Traficom;sv=Transport- och kommunikationsverket "
        "Traficom;en=Finnish Transport and Communications Agency Traficom|Traficom|"
        "fi=veturinkuljettajat,tieliikenne;sv=lokförare;en=train drivers,road transport|"
        A_TDL "," A_RT "," A_NRMM,
    "n|fi=Poliisihallitus;sv=Polisstyrelsen;en=National Police Board||fi=ampuma-aseet;"
        "sv=skjutvapen;en=firearms|" A_FA,
    "n|fi=Kansaneläkelaitos;sv=Folkpensionsanstalten;en=Social Insurance Institution of Finland|"
        "Kela|fi=hoito ulkomailla;sv=vård utomlands;en=healthcare abroad|" A_PR,
    "c|fi={f} kaupunki;en=City of {e}||fi=luvat,asiointi;en=permits,services|" A_SV "," A_SDG,
    "c|fi=Digi- ja väestötietovirasto, {c};en=Digital and Population Data Services Agency, {e}|"
        "DVV|fi=väestötiedot;en=population data|" A_PD,
    "c|fi=Aluehallintovirasto, {c};en=Regional State Administrative Agency, {e}|AVI|"
        "fi=työsuojelu,lähetetyt työntekijät;en=occupational safety,posted workers|" A_PW "," A_PQ,
    "c|sv=Ålands landskapsregering;en=Government of Åland||sv=tillstånd;en=permits|" A_SV "," A_PQ,
    NULL
};

//  ---- Slovakia
static const char *const s_places_sk [] = {
    "Bratislava;;;811 01", "Košice;;;040 01", "Prešov;;;080 01", "Žilina;;;010 01",
    "Nitra;;;949 01", "Banská Bystrica;;;974 01", "Trnava;;;917 01", "Trenčín;;;911 01",
    "Martin;;;036 01", "Poprad;;;058 01", "Prievidza;;;971 01", "Zvolen;;;960 01",
    "Považská Bystrica;;;017 01", "Michalovce;;;071 01", "Nové Zámky;;;940 01",
    "Spišská Nová Ves;;;052 01", "Komárno;;;945 01", "Levice;;;934 01", "Humenné;;;066 01",
    "Bardejov;;;085 01", "Liptovský Mikuláš;;;031 01", "Lučenec;;;984 01", "Piešťany;;;921 01",
    "Ružomberok;;;034 01", "Topoľčany;;;955 01",
    "Senica;;;905 01", "Skalica;;;909 01", "Rožňava;;;048 01", "Dunajská Streda;;;929 01",
    "Galanta;;;924 01", "Pezinok;;;902 01", "Malacky;;;901 01",
    NULL
};

static const char *const s_templates_sk [] = {
    "n|sk=Ministerstvo zdravotníctva Slovenskej republiky;en=Ministry of Health of the Slovak "
        "Republic|MZ SR|sk=zdravotnícke povolania;en=health professions|" A_PQ "," A_PR,
    "n|sk=Národný inšpektorát práce;en=National Labour Inspectorate|NIP|sk=vysielanie "
        "zamestnancov;en=posting of workers|" A_PW "," A_RT,
    "n|sk=Slovenská lekárska komora;en=Slovak Medical Chamber|SLK|sk=lekári;en=doctors|" A_PQ,
    "n|sk=Národná banka Slovenska;en=National Bank of Slovakia|NBS|sk=hotovosť;en=cash|" A_EC,
    "n|sk=Úrad na ochranu osobných údajov Slovenskej republiky;en=Office for Personal Data "
        "Protection of the Slovak Republic||sk=ochrana údajov;en=data protection|" A_GDPR,
    "n|sk=Ministerstvo kultúry Slovenskej republiky;en=Ministry of Culture of the Slovak "
        "Republic|MK SR|sk=kultúrne predmety;en=cultural objects|" A_CO,
    "n|sk=Slovenská obchodná inšpekcia;en=Slovak Trade Inspection|SOI|sk=spotrebitelia;"
        "en=consumers|" A_CPC "," A_ECOM,
    "n|sk=Úrad vlády Slovenskej republiky – SOLVIT;en=Government Office of the Slovak Republic – "
        "SOLVIT||sk=vnútorný trh;en=single market|" A_SOL "," A_SMR,
    "n|sk=Ministerstvo spravodlivosti Slovenskej republiky;en=Ministry of Justice of the Slovak "
        "Republic|MS SR|sk=justičná spolupráca;en=judicial cooperation|" A_EJN "," A_PD,
    "n|sk=Dopravný úrad;en=Transport Authority||sk=rušňovodiči,cestná doprava;"
        "en=train drivers,road transport|" A_TDL "," A_RT "," A_NRMM,
    "n|sk=Ministerstvo školstva, výskumu, vývoja a mládeže Slovenskej republiky;en=Ministry of "
        "Education, Research, Development and Youth of the Slovak Republic||sk=uznávanie dokladov;"
        "en=recognition of diplomas|" A_PQ,
    "n|sk=Ministerstvo hospodárstva Slovenskej republiky;en=Ministry of Economy of the Slovak "
        "Republic|MH SR|sk=služby;en=services|" A_SV,
    "c|sk=Okresný úrad {c};en={e} District Office|OÚ|sk=živnosti,matrika;en=trades,civil registry|"
        A_SV "," A_PD "," A_SDG,
    "c|sk=Inšpektorát práce {c};en={e} Labour Inspectorate|IP|sk=inšpekcia práce;"
        "en=labour inspection|" A_PW,
    "c|sk=Regionálny úrad verejného zdravotníctva {c};en={e} Regional Public Health Authority|"
        "RÚVZ|sk=verejné zdravie;en=public health|" A_PR "," A_PQ,
    "c|sk=Okresné riaditeľstvo Policajného zboru {c};en={e} District Police Directorate|OR PZ|"
        "sk=zbrane;en=firearms|" A_FA,
    "c|sk=Okresný súd {c};en={e} District Court||sk=civilné veci;en=civil matters|" A_EJN,
    NULL
};

//  ---- Norway
static const char *const s_places_no [] = {
    "Oslo;;;0150", "Bergen;;;5003", "Trondheim;;;7011", "Stavanger;;;4005", "Drammen;;;3015",
    "Fredrikstad;;;1606", "Kristiansand;;;4611", "Sandnes;;;4306", "Tromsø;;;9008",
    "Sarpsborg;;;1706", "Skien;;;3717", "Ålesund;;;6002", "Sandefjord;;;3210", "Haugesund;;;5528",
    "Tønsberg;;;3110", "Moss;;;1530", "Porsgrunn;;;3915", "Bodø;;;8006", "Arendal;;;4836",
    "Hamar;;;2317", "Larvik;;;3256", "Halden;;;1767", "Lillehammer;;;2609", "Molde;;;6413",
    "Harstad;;;9405", "Gjøvik;;;2815", "Kongsberg;;;3616", "Alta;;;9510", "Narvik;;;8514",
    "Steinkjer;;;7713",
    "Asker;;;1383", "Bærum;;;1338", "Lillestrøm;;;2000", "Ullensaker;;;2050", "Elverum;;;2408",
    "Kongsvinger;;;2211", "Hønefoss;;;3510", "Horten;;;3187", "Grimstad;;;4876", "Egersund;;;4370",
    "Førde;;;6800", "Kristiansund;;;6509", "Namsos;;;7800", "Mo i Rana;;;8622", "Hammerfest;;;9600",
    "Vadsø;;;9800",
    NULL
};

static const char *const s_templates_no [] = {
    "n|no=Helsedirektoratet;en=Norwegian Directorate of Health|Hdir|no=autorisasjon,helsepersonell;"
        "en=authorisation,health personnel|" A_PQ "," A_PR "," A_EPC,
    "n|no=Arbeidstilsynet;en=Norwegian Labour Inspection Authority||no=utsendte arbeidstakere;"
        "en=posted workers|" A_PW "," A_RT,
    "n|no=Direktoratet for høyere utdanning og kompetanse;en=Norwegian Directorate for Higher "
        "Education and Skills|HK-dir|no=godkjenning av utdanning;en=recognition of education|" A_PQ,
    "n|no=Norges Bank;en=Norges Bank||no=kontanter;en=cash|" A_EC,
    "n|no=Datatilsynet;en=Norwegian Data Protection Authority||no=personvern;en=data protection|" A_GDPR,
    "n|no=Kulturdirektoratet;en=Arts and Culture Norway||no=kulturgjenstander;"
        "en=cultural objects|" A_CO,
    "n|no=Forbrukertilsynet;en=Norwegian Consumer Authority||no=forbrukere,netthandel;"
        "en=consumers,online trade|" A_CPC "," A_ECOM,
    "n|no=Nærings- og fiskeridepartementet – SOLVIT;en=Ministry of Trade, Industry and Fisheries – "
        "SOLVIT||no=indre marked;en=single market|" A_SOL "," A_SMR "," A_SV,
    "n|no=Justis- og beredskapsdepartementet;en=Ministry of Justice and Public Security||"
        "no=rettslig samarbeid;en=judicial cooperation|" A_EJN "," A_PD,
    "n|no=Statens jernbanetilsyn;en=Norwegian Railway Authority||no=lokomotivførere;"
        "en=train drivers|" A_TDL,
    "n|no=Statens vegvesen;en=Norwegian Public Roads Administration||no=vegtransport;"
        "en=road transport|" A_RT "," A_NRMM,
    "n|no=Politidirektoratet;en=Norwegian Police Directorate||no=våpen;en=firearms|" A_FA,
    "n|no=Helfo;en=Helfo – Norwegian Health Economics Administration||no=behandling i utlandet;"
        "en=treatment abroad|" A_PR,
    "c|no={c} kommune;en={e} Municipality||no=tjenester,bevillinger;en=services,licences|"
        A_SV "," A_SDG "," A_PD,
    "c|no=Statsforvalteren i {c};en=County Governor in {e}||no=tilsyn,helse;en=supervision,health|"
        A_PR "," A_PQ,
    "c|no={c} tingrett;en={e} District Court||no=sivile saker;en=civil cases|" A_EJN,
    "c|no=NAV {c};en=NAV {e}||no=arbeid,trygd;en=employment,social security|" A_PW,
    NULL
};

//  ---- Ireland (names in English and Irish)
static const char *const s_places_ie [] = {
    "Dublin;;;D02 X285", "Cork;;;T12 T997", "Limerick;;;V94 EH90", "Galway;;;H91 X4K8",
    "Waterford;;;X91 PF3N", "Drogheda;;;A92 KW97", "Dundalk;;;A91 KFW6", "Kilkenny;;;R95 A39T",
    "Sligo;;;F91 Y763", "Athlone;;;N37 X2V7", "Tralee;;;V92 H7VT", "Ennis;;;V95 DXP2",
    "Letterkenny;;;F92 F2XH", "Wexford;;;Y35 WY93", "Castlebar;;;F23 WF90", "Carlow;;;R93 E7W3",
    "*Carlow;;;R93 E7W3;;Carlow", "*Cavan;;;H12 R6V2;;Cavan", "*Clare;;;V95 DXP2;;Ennis",
    "*Cork;;;T12 R2NC;;Cork", "*Donegal;;;F93 Y622;;Lifford",
    "*Dún Laoghaire-Rathdown;;;A96 K6C9;;Dún Laoghaire", "*Fingal;;;K67 X8Y2;;Swords",
    "*Galway;;;H91 H6KX;;Galway", "*Kerry;;;V92 H7VT;;Tralee", "*Kildare;;;W91 X77F;;Naas",
    "*Kilkenny;;;R95 A39T;;Kilkenny", "*Laois;;;R32 EHP9;;Portlaoise",
    "*Leitrim;;;N41 PF67;;Carrick-on-Shannon", "*Longford;;;N39 NH56;;Longford",
    "*Louth;;;A91 KFW6;;Dundalk", "*Mayo;;;F23 WF90;;Castlebar", "*Meath;;;C15 Y291;;Navan",
    "*Monaghan;;;H18 YT50;;Monaghan", "*Offaly;;;R35 F893;;Tullamore",
    "*Roscommon;;;F42 VR98;;Roscommon", "*Sligo;;;F91 Y763;;Sligo",
    "*South Dublin;;;D24 A3XC;;Tallaght", "*Tipperary;;;E45 A099;;Nenagh",
    "*Westmeath;;;N91 FH4N;;Mullingar", "*Wexford;;;Y35 WY93;;Wexford",
    "*Wicklow;;;A67 FW96;;Wicklow",
    NULL
};

static const char *const s_templates_ie [] = {
    "n|en=Department of Health;ga=An Roinn Sláinte||en=health professions,patients' rights|"
        A_PQ "," A_PR,
    "n|en=Medical Council;ga=Comhairle na nDochtúirí Leighis||en=doctors,registration|" A_PQ,
    "n|en=Nursing and Midwifery Board of Ireland;ga=Bord Altranais agus Cnáimhseachais na "
        "hÉireann|NMBI|en=nurses,midwives|" A_PQ "," A_EPC,
    "n|en=Pharmaceutical Society of Ireland;ga=Cumann Cógaiseoirí na hÉireann|PSI|"
        "en=pharmacists|" A_PQ "," A_EPC,
    "n|en=Teaching Council;ga=An Chomhairle Mhúinteoireachta||en=teachers,registration|" A_PQ,
    "n|en=Workplace Relations Commission;ga=An Coimisiún um Chaidreamh san Áit Oibre|WRC|"
        "en=posting of workers,employment rights|" A_PW "," A_RT,
    "n|en=Central Bank of Ireland;ga=Banc Ceannais na hÉireann||en=cash|" A_EC,
    "n|en=Data Protection Commission;ga=An Coimisiún um Chosaint Sonraí|DPC|"
        "en=data protection|" A_GDPR,
    "n|en=Competition and Consumer Protection Commission;ga=An Coimisiún um Iomaíocht agus um "
        "Chosaint Tomhaltóirí|CCPC|en=consumers,online shopping|" A_CPC "," A_ECOM,
    "n|en=Department of Enterprise, Trade and Employment – SOLVIT Ireland;ga=An Roinn "
        "Fiontar, Trádála agus Fostaíochta – SOLVIT Éire|DETE|en=single market,services|"
        A_SOL "," A_SMR "," A_SV,
    "n|en=Health Service Executive;ga=Feidhmeannacht na Seirbhíse Sláinte|HSE|"
        "en=cross-border healthcare,reimbursement|" A_PR,
    "n|en=Quality and Qualifications Ireland;ga=Dearbhú Cáilíochta agus Cáilíochtaí Éireann|QQI|"
        "en=recognition of qualifications|" A_PQ,
    "n|en=Railway Safety Commission;ga=An Coimisiún Sábháilteachta Iarnróid|RSC|"
        "en=train drivers|" A_TDL,
    "n|en=Road Safety Authority;ga=Údarás Um Shábháilteacht Ar Bhóithre|RSA|"
        "en=road transport,tachographs|" A_RT,
    "n|en=Department of Justice;ga=An Roinn Dlí agus Cirt||en=judicial cooperation,firearms|"
        A_EJN "," A_PD "," A_FA,
    "n|en=National Museum of Ireland;ga=Ard-Mhúsaem na hÉireann|NMI|en=cultural objects|" A_CO,
    "c|en={c} City Council||en=local services,licences|" A_SV "," A_SDG,
    "c|en=Courts Service – {c} District Court Office||en=civil cases|" A_EJN,
    "c|en=An Garda Síochána – {c} Garda Station||en=firearms certificates|" A_FA,
    "r|en={c} County Council||en=local services,planning|" A_SV "," A_SDG "," A_PD,
    "r|en=Local Enterprise Office {c}|LEO|en=small businesses,services|" A_SV,
    "r|en={c} Education and Training Board|ETB|en=further education,teachers|" A_PQ,
    NULL
};

//  ---- Croatia ({f} is the locative after "u": "Općinski sud u Zagrebu")
static const char *const s_places_hr [] = {
    "Zagreb;u Zagrebu;;10000", "Split;u Splitu;;21000", "Rijeka;u Rijeci;;51000", "Osijek;u Osijeku;;31000", "Zadar;u Zadru;;23000",
    "Velika Gorica;u Velikoj Gorici;;10410", "Slavonski Brod;u Slavonskom Brodu;;35000", "Pula;u Puli;;52100", "Karlovac;u Karlovcu;;47000",
    "Varaždin;u Varaždinu;;42000", "Šibenik;u Šibeniku;;22000", "Sisak;u Sisku;;44000", "Dubrovnik;u Dubrovniku;;20000",
    "Bjelovar;u Bjelovaru;;43000", "Vukovar;u Vukovaru;;32000", "Koprivnica;u Koprivnici;;48000", "Čakovec;u Čakovcu;;40000",
    "Požega;u Požegi;;34000", "Virovitica;u Virovitici;;33000", "Gospić;u Gospiću;;53000", "Krapina;u Krapini;;49000",
    "Samobor;u Samoboru;;10430", "Vinkovci;u Vinkovcima;;32100", "Đakovo;u Đakovu;;31400",
    "Makarska;u Makarskoj;;21300", "Poreč;u Poreču;;52440", "Rovinj;u Rovinju;;52210",
    "Kutina;u Kutini;;44320", "Knin;u Kninu;;22300", "Metković;u Metkoviću;;20350",
    "Nova Gradiška;u Novoj Gradiški;;35400", "Ogulin;u Ogulinu;;47300", "Pazin;u Pazinu;;52000",
    NULL
};

static const char *const s_templates_hr [] = {
    "n|hr=Ministarstvo zdravstva;en=Ministry of Health|MZ|hr=zdravstvene profesije;"
        "en=health professions|" A_PQ "," A_PR,
    "n|hr=Državni inspektorat;en=State Inspectorate|DIRH|hr=upućivanje radnika,inspekcija;"
        "en=posting of workers,inspection|" A_PW "," A_RT "," A_CPC,
    "n|hr=Hrvatska liječnička komora;en=Croatian Medical Chamber|HLK|hr=liječnici;en=doctors|" A_PQ,
    "n|hr=Hrvatska narodna banka;en=Croatian National Bank|HNB|hr=gotovina;en=cash|" A_EC,
    "n|hr=Agencija za zaštitu osobnih podataka;en=Croatian Personal Data Protection Agency|AZOP|"
        "hr=zaštita podataka;en=data protection|" A_GDPR,
    "n|hr=Ministarstvo kulture i medija;en=Ministry of Culture and Media||hr=kulturna dobra;"
        "en=cultural goods|" A_CO,
    "n|hr=Ministarstvo gospodarstva – SOLVIT;en=Ministry of Economy – SOLVIT||hr=unutarnje tržište;"
        "en=single market|" A_SOL "," A_SMR "," A_SV,
    "n|hr=Ministarstvo pravosuđa, uprave i digitalne transformacije;en=Ministry of Justice, Public "
        "Administration and Digital Transformation||hr=pravosudna suradnja;"
        "en=judicial cooperation|" A_EJN "," A_PD "," A_SDG,
    "n|hr=Agencija za sigurnost željezničkog prometa;en=Railway Safety Agency|ASŽP|"
        "hr=strojovođe;en=train drivers|" A_TDL,
    "n|hr=Ministarstvo mora, prometa i infrastrukture;en=Ministry of the Sea, Transport and "
        "Infrastructure||hr=cestovni promet;en=road transport|" A_RT "," A_NRMM,
    "n|hr=Ministarstvo unutarnjih poslova;en=Ministry of the Interior|MUP|hr=oružje;"
        "en=firearms|" A_FA,
    "n|hr=Hrvatski zavod za zdravstveno osiguranje;en=Croatian Health Insurance Fund|HZZO|"
        "hr=prekogranična zdravstvena zaštita;en=cross-border healthcare|" A_PR,
    "c|hr=Grad {c};en=City of {e}||hr=upravne usluge;en=administrative services|" A_SV "," A_PD,
    "c|hr=Općinski sud {f};en=Municipal Court in {e}||hr=građanski predmeti;"
        "en=civil cases|" A_EJN,
    "c|hr=Hrvatska gospodarska komora – Županijska komora {c};en=Croatian Chamber of Economy – "
        "{e} County Chamber|HGK|hr=poduzetnici;en=entrepreneurs|" A_SV,
    NULL
};

//  ---- Lithuania ({f} is the genitive: "Vilniaus miesto savivaldybė")
static const char *const s_places_lt [] = {
    "Vilnius;Vilniaus;;LT-01108", "Kaunas;Kauno;;LT-44280", "Klaipėda;Klaipėdos;;LT-92231",
    "Šiauliai;Šiaulių;;LT-76295", "Panevėžys;Panevėžio;;LT-35193", "Alytus;Alytaus;;LT-62504",
    "Marijampolė;Marijampolės;;LT-68304", "Mažeikiai;Mažeikių;;LT-89231", "Jonava;Jonavos;;LT-55155",
    "Utena;Utenos;;LT-28252", "Kėdainiai;Kėdainių;;LT-57159", "Telšiai;Telšių;;LT-87101",
    "Tauragė;Tauragės;;LT-72249", "Ukmergė;Ukmergės;;LT-20110",
    "Visaginas;Visagino;;LT-31101", "Palanga;Palangos;;LT-00101", "Plungė;Plungės;;LT-90101",
    "Kretinga;Kretingos;;LT-97101", "Šilutė;Šilutės;;LT-99101", "Radviliškis;Radviliškio;;LT-82101",
    "Druskininkai;Druskininkų;;LT-66101", "Rokiškis;Rokiškio;;LT-42101", "Biržai;Biržų;;LT-41101",
    "Elektrėnai;Elektrėnų;;LT-26101",
    NULL
};

static const char *const s_templates_lt [] = {
    "n|lt=Lietuvos Respublikos sveikatos apsaugos ministerija;en=Ministry of Health of the "
        "Republic of Lithuania|SAM|lt=sveikatos priežiūros specialistai;en=health professionals|"
        A_PQ "," A_PR,
    "n|lt=Valstybinė darbo inspekcija;en=State Labour Inspectorate|VDI|lt=komandiruoti darbuotojai;"
        "en=posted workers|" A_PW "," A_RT,
    "n|lt=Lietuvos gydytojų sąjunga;en=Lithuanian Medical Association|LGS|lt=gydytojai;"
        "en=doctors|" A_PQ,
    "n|lt=Lietuvos bankas;en=Bank of Lithuania||lt=grynieji pinigai;en=cash|" A_EC,
    "n|lt=Valstybinė duomenų apsaugos inspekcija;en=State Data Protection Inspectorate|VDAI|"
        "lt=duomenų apsauga;en=data protection|" A_GDPR,
    "n|lt=Kultūros paveldo departamentas;en=Department of Cultural Heritage||"
        "lt=kultūros vertybės;en=cultural goods|" A_CO,
    "n|lt=Valstybinė vartotojų teisių apsaugos tarnyba;en=State Consumer Rights Protection "
        "Authority|VVTAT|lt=vartotojai;en=consumers|" A_CPC "," A_ECOM,
    "n|lt=Ekonomikos ir inovacijų ministerija – SOLVIT;en=Ministry of the Economy and Innovation – "
        "SOLVIT||lt=vidaus rinka;en=single market|" A_SOL "," A_SMR "," A_SV,
    "n|lt=Teisingumo ministerija;en=Ministry of Justice||lt=teisinis bendradarbiavimas;"
        "en=judicial cooperation|" A_EJN "," A_PD,
    "n|lt=Lietuvos transporto saugos administracija;en=Lithuanian Transport Safety "
        "Administration|LTSA|lt=mašinistai,kelių transportas;en=train drivers,road transport|"
        A_TDL "," A_RT "," A_NRMM,
    "n|lt=Studijų kokybės vertinimo centras;en=Centre for Quality Assessment in Higher Education|"
        "SKVC|lt=kvalifikacijų pripažinimas;en=recognition of qualifications|" A_PQ,
    "n|lt=Policijos departamentas;en=Police Department||lt=ginklai;en=firearms|" A_FA,
    "c|lt={f} miesto savivaldybė;en={e} City Municipality||lt=paslaugos;en=services|"
        A_SV "," A_SDG "," A_PD,
    "c|lt={f} apylinkės teismas;en={e} District Court||lt=civilinės bylos;en=civil cases|" A_EJN,
    "c|lt=Valstybinės darbo inspekcijos {f} skyrius;en=State Labour Inspectorate – {e} Division||"
        "lt=darbo sąlygos;en=working conditions|" A_PW,
    NULL
};

//  ---- Slovenia
static const char *const s_places_si [] = {
    "Ljubljana;;;1000", "Maribor;;;2000", "Celje;;;3000", "Kranj;;;4000", "Koper;;;6000",
    "Velenje;;;3320", "Novo mesto;;;8000", "Ptuj;;;2250", "Nova Gorica;;;5000",
    "Murska Sobota;;;9000", "Škofja Loka;;;4220", "Kamnik;;;1241", "Jesenice;;;4270",
    "Domžale;;;1230", "Slovenj Gradec;;;2380", "Postojna;;;6230", "Brežice;;;8250",
    "Izola;;;6310", "Piran;;;6330", "Trbovlje;;;1420", "Vrhnika;;;1360", "Ajdovščina;;;5270",
    "Krško;;;8270", "Ravne na Koroškem;;;2390", "Ormož;;;2270", "Radovljica;;;4240",
    "Tolmin;;;5220", "Sežana;;;6210", "Idrija;;;5280",
    NULL
};

static const char *const s_templates_si [] = {
    "n|sl=Ministrstvo za zdravje;en=Ministry of Health|MZ|sl=zdravstveni poklici;"
        "en=health professions|" A_PQ "," A_PR,
    "n|sl=Inšpektorat Republike Slovenije za delo;en=Labour Inspectorate of the Republic of "
        "Slovenia|IRSD|sl=napotitev delavcev;en=posting of workers|" A_PW "," A_RT,
    "n|sl=Zdravniška zbornica Slovenije;en=Medical Chamber of Slovenia|ZZS|sl=zdravniki;"
        "en=doctors|" A_PQ,
    "n|sl=Banka Slovenije;en=Bank of Slovenia|BS|sl=gotovina;en=cash|" A_EC,
    "n|sl=Informacijski pooblaščenec;en=Information Commissioner|IP|sl=varstvo podatkov;"
        "en=data protection|" A_GDPR,
    "n|sl=Ministrstvo za kulturo;en=Ministry of Culture|MK|sl=kulturni predmeti;"
        "en=cultural objects|" A_CO,
    "n|sl=Ministrstvo za gospodarstvo, turizem in šport – SOLVIT;en=Ministry of the Economy, "
        "Tourism and Sport – SOLVIT||sl=notranji trg,storitve;en=single market,services|"
        A_SOL "," A_SMR "," A_SV "," A_CPC,
    "n|sl=Ministrstvo za pravosodje;en=Ministry of Justice|MP|sl=pravosodno sodelovanje;"
        "en=judicial cooperation|" A_EJN "," A_PD,
    "n|sl=Javna agencija za železniški promet;en=Public Agency for Railway Transport|AŽP|"
        "sl=strojevodje;en=train drivers|" A_TDL,
    "n|sl=Ministrstvo za notranje zadeve;en=Ministry of the Interior|MNZ|sl=orožje;"
        "en=firearms|" A_FA,
    "c|sl=Upravna enota {c};en={e} Administrative Unit|UE|sl=upravne zadeve,orožne listine;"
        "en=administrative matters,firearms permits|" A_SV "," A_PD "," A_FA,
    "c|sl=Mestna občina {c};en=City Municipality of {e}|MO|sl=storitve;en=services|" A_SV "," A_SDG,
    NULL
};

//  ---- Latvia ({f} names the municipality in the genitive: "Rīgas valstspilsētas pašvaldība")
static const char *const s_places_lv [] = {
    "Rīga;Rīgas valstspilsētas;Riga;LV-1050", "Daugavpils;Daugavpils valstspilsētas;;LV-5401",
    "Liepāja;Liepājas valstspilsētas;;LV-3401", "Jelgava;Jelgavas valstspilsētas;;LV-3001",
    "Jūrmala;Jūrmalas valstspilsētas;;LV-2015", "Ventspils;Ventspils valstspilsētas;;LV-3601",
    "Rēzekne;Rēzeknes valstspilsētas;;LV-4601", "Valmiera;Valmieras novada;;LV-4201",
    "Jēkabpils;Jēkabpils novada;;LV-5201", "Ogre;Ogres novada;;LV-5001",
    "Tukums;Tukuma novada;;LV-3101", "Cēsis;Cēsu novada;;LV-4101", "Sigulda;Siguldas novada;;LV-2150",
    "Kuldīga;Kuldīgas novada;;LV-3301", "Talsi;Talsu novada;;LV-3201", "Bauska;Bauskas novada;;LV-3901",
    NULL
};

static const char *const s_templates_lv [] = {
    "n|lv=Veselības ministrija;en=Ministry of Health|VM|lv=ārstniecības personas;"
        "en=medical practitioners|" A_PQ "," A_PR,
    "n|lv=Valsts darba inspekcija;en=State Labour Inspectorate|VDI|lv=norīkotie darbinieki;"
        "en=posted workers|" A_PW "," A_RT,
    "n|lv=Latvijas Ārstu biedrība;en=Latvian Medical Association|LĀB|lv=ārsti;en=doctors|" A_PQ,
    "n|lv=Latvijas Banka;en=Bank of Latvia||lv=skaidrā nauda;en=cash|" A_EC,
    "n|lv=Datu valsts inspekcija;en=Data State Inspectorate|DVI|lv=datu aizsardzība;"
        "en=data protection|" A_GDPR,
    "n|lv=Nacionālā kultūras mantojuma pārvalde;en=National Heritage Board|NKMP|"
        "lv=kultūras priekšmeti;en=cultural objects|" A_CO,
    "n|lv=Patērētāju tiesību aizsardzības centrs;en=Consumer Rights Protection Centre|PTAC|"
        "lv=patērētāji;en=consumers|" A_CPC "," A_ECOM,
    "n|lv=Ekonomikas ministrija – SOLVIT;en=Ministry of Economics – SOLVIT|EM|lv=iekšējais tirgus;"
        "en=single market|" A_SOL "," A_SMR "," A_SV,
    "n|lv=Tieslietu ministrija;en=Ministry of Justice|TM|lv=tiesu sadarbība;"
        "en=judicial cooperation|" A_EJN "," A_PD,
    "n|lv=Valsts dzelzceļa tehniskā inspekcija;en=State Railway Technical Inspectorate|VDzTI|"
        "lv=vilces līdzekļu vadītāji;en=train drivers|" A_TDL,
    "n|lv=Akadēmiskās informācijas centrs;en=Academic Information Centre|AIC|"
        "lv=kvalifikāciju atzīšana;en=recognition of qualifications|" A_PQ,
    "n|lv=Valsts policija;en=State Police|VP|lv=ieroči;en=firearms|" A_FA,
    "c|lv={f} pašvaldība;en={e} Municipality||lv=pakalpojumi;en=services|" A_SV "," A_SDG,
    "c|lv={f} Dzimtsarakstu nodaļa;en={e} Registry Office||lv=civilstāvokļa akti;"
        "en=civil status records|" A_PD,
    NULL
};

//  ---- Estonia ({f} is the genitive: "Tartu Linnavalitsus", "Pärnu Linnavalitsus")
static const char *const s_places_ee [] = {
    "Tallinn;Tallinna;;10111", "Tartu;Tartu;;51003", "Narva;Narva;;20308", "Pärnu;Pärnu;;80010",
    "Kohtla-Järve;Kohtla-Järve;;30322", "Viljandi;Viljandi;;71020", "Maardu;Maardu;;74111",
    "Rakvere;Rakvere;;44307", "Kuressaare;Kuressaare;;93819", "Võru;Võru;;65608",
    "Haapsalu;Haapsalu;;90502", "Paide;Paide;;72711",
    "Keila;Keila;;76601", "Sillamäe;Sillamäe;;40231", "Elva;Elva;;61501",
    "Põltsamaa;Põltsamaa;;48105", "Tapa;Tapa;;45106",
    NULL
};

static const char *const s_templates_ee [] = {
    "n|et=Terviseamet;en=Health Board||et=tervishoiutöötajad,registreerimine;"
        "en=healthcare professionals,registration|" A_PQ "," A_PR,
    "n|et=Tööinspektsioon;en=Labour Inspectorate||et=lähetatud töötajad;en=posted workers|"
        A_PW "," A_RT,
    "n|et=Eesti Pank;en=Bank of Estonia||et=sularaha;en=cash|" A_EC,
    "n|et=Andmekaitse Inspektsioon;en=Data Protection Inspectorate|AKI|et=andmekaitse;"
        "en=data protection|" A_GDPR,
    "n|et=Muinsuskaitseamet;en=National Heritage Board||et=kultuuriväärtused;"
        "en=cultural property|" A_CO,
    "n|et=Tarbijakaitse ja Tehnilise Järelevalve Amet;en=Consumer Protection and Technical "
        "Regulatory Authority|TTJA|et=tarbijad,raudtee;en=consumers,railways|"
        A_CPC "," A_ECOM "," A_TDL "," A_NRMM,
    "n|et=Majandus- ja Kommunikatsiooniministeerium – SOLVIT;en=Ministry of Economic Affairs and "
        "Communications – SOLVIT|MKM|et=siseturg,teenused;en=single market,services|"
        A_SOL "," A_SMR "," A_SV,
    "n|et=Justiitsministeerium;en=Ministry of Justice||et=õigusalane koostöö;"
        "en=judicial cooperation|" A_EJN "," A_PD,
    "n|et=Politsei- ja Piirivalveamet;en=Police and Border Guard Board|PPA|et=relvad;"
        "en=firearms|" A_FA,
    "n|et=Haridus- ja Noorteamet;en=Education and Youth Board|HARNO|et=kvalifikatsioonide "
        "tunnustamine;en=recognition of qualifications|" A_PQ,
    "n|et=Transpordiamet;en=Transport Administration||et=maanteetransport;en=road transport|" A_RT,
    "c|et={f} Linnavalitsus;en={e} City Government||et=teenused,luba;en=services,permits|"
        A_SV "," A_SDG "," A_PD,
    "c|et=Politsei- ja Piirivalveameti {f} teenindus;en=Police and Border Guard Board – {e} "
        "service office|PPA|et=relvaluba,dokumendid;en=firearms permit,documents|" A_FA "," A_PD,
    NULL
};

//  ---- Cyprus
static const char *const s_places_cy [] = {
    "Λευκωσία;Λευκωσίας;Nicosia;1011", "Λεμεσός;Λεμεσού;Limassol;3036",
    "Λάρνακα;Λάρνακας;Larnaca;6021", "Πάφος;Πάφου;Paphos;8010", "Παραλίμνι;Παραλιμνίου;Paralimni;5280",
    NULL
};

static const char *const s_templates_cy [] = {
    "n|el=Υπουργείο Υγείας;en=Ministry of Health||el=επαγγέλματα υγείας;en=health professions|"
        A_PQ "," A_PR,
    "n|el=Τμήμα Επιθεώρησης Εργασίας;en=Department of Labour Inspection||"
        "el=απόσπαση εργαζομένων;en=posting of workers|" A_PW "," A_RT,
    "n|el=Παγκύπριος Ιατρικός Σύλλογος;en=Cyprus Medical Association|ΠΙΣ|el=ιατροί;"
        "en=doctors|" A_PQ,
    "n|el=Κεντρική Τράπεζα της Κύπρου;en=Central Bank of Cyprus||el=μετρητά;en=cash|" A_EC,
    "n|el=Γραφείο Επιτρόπου Προστασίας Δεδομένων Προσωπικού Χαρακτήρα;en=Office of the "
        "Commissioner for Personal Data Protection||el=προσωπικά δεδομένα;en=personal data|" A_GDPR,
    "n|el=Τμήμα Αρχαιοτήτων;en=Department of Antiquities||el=αρχαιότητες;en=antiquities|" A_CO,
    "n|el=Υπηρεσία Προστασίας Καταναλωτή;en=Consumer Protection Service||el=καταναλωτές;"
        "en=consumers|" A_CPC "," A_ECOM,
    "n|el=Υπουργείο Ενέργειας, Εμπορίου και Βιομηχανίας – SOLVIT;en=Ministry of Energy, Commerce "
        "and Industry – SOLVIT||el=εσωτερική αγορά;en=single market|" A_SOL "," A_SMR "," A_SV,
    "n|el=Υπουργείο Δικαιοσύνης και Δημοσίας Τάξεως;en=Ministry of Justice and Public Order||"
        "el=δικαστική συνεργασία;en=judicial cooperation|" A_EJN "," A_PD,
    "n|el=Τμήμα Οδικών Μεταφορών;en=Road Transport Department||el=οδικές μεταφορές;"
        "en=road transport|" A_RT,
    "n|el=Αστυνομία Κύπρου;en=Cyprus Police||el=όπλα;en=firearms|" A_FA,
    "c|el=Δήμος {f};en={e} Municipality||el=άδειες;en=licences|" A_SV "," A_PD,
    "c|el=Επαρχιακό Δικαστήριο {f};en={e} District Court||el=αστικές υποθέσεις;"
        "en=civil cases|" A_EJN,
    "c|el=Επαρχιακό Γραφείο Επιθεώρησης Εργασίας {f};en={e} District Labour Inspection Office||"
        "el=επιθεώρηση εργασίας;en=labour inspection|" A_PW,
    NULL
};

//  ---- Luxembourg (bodies named in French, most also in German and Luxembourgish)
static const char *const s_places_lu [] = {
    "Luxembourg;de Luxembourg;;L-1118", "Esch-sur-Alzette;d'Esch-sur-Alzette;;L-4002",
    "Differdange;de Differdange;;L-4501", "Dudelange;de Dudelange;;L-3401",
    "Ettelbruck;d'Ettelbruck;;L-9002", "Diekirch;de Diekirch;;L-9201",
    "Mersch;de Mersch;;L-7501", "Wiltz;de Wiltz;;L-9501", "Grevenmacher;de Grevenmacher;;L-6701",
    NULL
};

static const char *const s_templates_lu [] = {
    "n|fr=Ministère de la Santé et de la Sécurité sociale;de=Ministerium für Gesundheit und "
        "soziale Sicherheit;en=Ministry of Health and Social Security||fr=professions de santé;"
        "de=Gesundheitsberufe;en=health professions|" A_PQ "," A_PR,
    "n|fr=Inspection du travail et des mines;de=Gewerbeinspektion;en=Labour and Mines "
        "Inspectorate|ITM|fr=détachement;de=Entsendung;en=posting of workers|" A_PW "," A_RT,
    "n|fr=Collège médical;lb=Collège médical;en=Medical College||fr=médecins;en=doctors|" A_PQ,
    "n|fr=Banque centrale du Luxembourg;de=Luxemburger Zentralbank;en=Central Bank of Luxembourg|"
        "BCL|fr=espèces;en=cash|" A_EC,
    "n|fr=Commission nationale pour la protection des données;en=National Commission for Data "
        "Protection|CNPD|fr=protection des données;en=data protection|" A_GDPR,
    "n|fr=Ministère de la Culture;de=Kulturministerium;lb=Kulturministère;en=Ministry of Culture||"
        "fr=biens culturels;en=cultural goods|" A_CO,
    "n|fr=Ministère de l'Économie – Direction générale Classes moyennes;en=Ministry of the "
        "Economy – Directorate-General for SMEs||fr=autorisation d'établissement,SOLVIT;"
        "en=business permit,SOLVIT|" A_SV "," A_SOL "," A_SMR "," A_CPC,
    "n|fr=Ministère de la Justice;de=Justizministerium;lb=Justizministère;en=Ministry of Justice||"
        "fr=armes,entraide judiciaire;en=firearms,judicial assistance|" A_EJN "," A_PD "," A_FA,
    "n|fr=Ministère de l'Éducation nationale, de l'Enfance et de la Jeunesse;en=Ministry of "
        "Education, Children and Youth|MENJE|fr=reconnaissance des diplômes;"
        "en=recognition of diplomas|" A_PQ,
    "n|fr=Société nationale de certification et d'homologation;en=National Society for "
        "Certification and Type Approval|SNCH|fr=homologation;en=type approval|" A_NRMM "," A_RT,
    "c|fr=Administration communale {f};de=Gemeindeverwaltung {c};"
        "en={e} Municipal Administration||fr=état civil;de=Standesamt;en=civil status|" A_PD "," A_SV,
    NULL
};

//  ---- Malta (names in Maltese and English)
static const char *const s_places_mt [] = {
    "Valletta;;;VLT 1010", "Birkirkara;;;BKR 1010", "Qormi;;;QRM 1010", "Mosta;;;MST 1010",
    "Żabbar;;;ZBR 1010", "Żejtun;;;ZTN 1010",
    "Tas-Sliema;;Sliema;SLM 1010",
    NULL
};

static const char *const s_templates_mt [] = {
    "n|mt=Kunsill Mediku;en=Medical Council Malta||mt=tobba;en=doctors|" A_PQ,
    "n|mt=Ministeru għas-Saħħa;en=Ministry for Health||mt=saħħa;en=health|" A_PQ "," A_PR,
    "n|mt=Dipartiment tar-Relazzjonijiet Industrijali u tal-Impjiegi;en=Department for Industrial "
        "and Employment Relations|DIER|mt=ħaddiema stazzjonati;en=posted workers|" A_PW "," A_RT,
    "n|mt=Bank Ċentrali ta' Malta;en=Central Bank of Malta|CBM|mt=flus kontanti;en=cash|" A_EC,
    "n|mt=Uffiċċju tal-Kummissarju għall-Informazzjoni u l-Protezzjoni tad-Data;en=Office of the "
        "Information and Data Protection Commissioner|IDPC|mt=protezzjoni tad-data;"
        "en=data protection|" A_GDPR,
    "n|mt=Sovrintendenza tal-Patrimonju Kulturali;en=Superintendence of Cultural Heritage||"
        "mt=patrimonju kulturali;en=cultural heritage|" A_CO,
    "n|mt=Awtorità għall-Kompetizzjoni u għall-Affarijiet tal-Konsumatur;en=Malta Competition "
        "and Consumer Affairs Authority|MCCAA|mt=konsumaturi;en=consumers|" A_CPC "," A_ECOM,
    "n|mt=Ċentru SOLVIT Malta;en=SOLVIT Centre Malta||mt=suq intern;en=single market|"
        A_SOL "," A_SMR "," A_SV,
    "n|mt=Awtorità għat-Trasport f'Malta;en=Transport Malta|TM|mt=trasport bit-triq;"
        "en=road transport|" A_RT "," A_TDL,
    "n|mt=Il-Pulizija ta' Malta;en=Malta Police Force||mt=armi;en=firearms|" A_FA,
    "c|mt=Kunsill Lokali {c};en={e} Local Council||mt=servizzi lokali;en=local services|"
        A_SV "," A_PD,
    NULL
};

//  ---- Iceland
static const char *const s_places_is [] = {
    "Reykjavík;;;101", "Kópavogur;;;200", "Hafnarfjörður;;;220", "Akureyri;;;600",
    "Selfoss;;;800", "Ísafjörður;;;400", "Egilsstaðir;;;700",
    NULL
};

static const char *const s_templates_is [] = {
    "n|is=Embætti landlæknis;en=Directorate of Health||is=starfsleyfi,heilbrigðisstarfsmenn;"
        "en=licence to practise,health professionals|" A_PQ "," A_PR,
    "n|is=Vinnueftirlitið;en=Administration of Occupational Safety and Health||"
        "is=útsendir starfsmenn;en=posted workers|" A_PW "," A_RT,
    "n|is=Seðlabanki Íslands;en=Central Bank of Iceland||is=reiðufé;en=cash|" A_EC,
    "n|is=Persónuvernd;en=Data Protection Authority||is=persónuvernd;en=data protection|" A_GDPR,
    "n|is=Minjastofnun Íslands;en=Cultural Heritage Agency of Iceland||is=menningarminjar;"
        "en=cultural heritage|" A_CO,
    "n|is=Neytendastofa;en=Consumer Agency||is=neytendur;en=consumers|" A_CPC "," A_ECOM,
    "n|is=Menntamálastofnun;en=Directorate of Education||is=viðurkenning menntunar;"
        "en=recognition of education|" A_PQ,
    "n|is=Sýslumaðurinn á höfuðborgarsvæðinu;en=District Commissioner of the Capital Region||"
        "is=vottorð,skjöl;en=certificates,documents|" A_PD "," A_SV,
    "n|is=Ríkislögreglustjóri;en=National Commissioner of the Icelandic Police||is=skotvopn;"
        "en=firearms|" A_FA,
    "n|is=Samgöngustofa;en=Icelandic Transport Authority||is=flutningar;en=transport|" A_RT,
    "n|is=Utanríkisráðuneytið – SOLVIT;en=Ministry for Foreign Affairs – SOLVIT||is=innri markaður;"
        "en=internal market|" A_SOL "," A_SMR,
    NULL
};

//  ---- Liechtenstein
static const char *const s_places_li [] = {
    "Vaduz;;;9490", "Schaan;;;9494", "Balzers;;;9496", "Triesen;;;9495", "Eschen;;;9492",
    NULL
};

static const char *const s_templates_li [] = {
    "n|de=Amt für Gesundheit;en=Office of Public Health|AG|de=Gesundheitsberufe;"
        "en=health professions|" A_PQ "," A_PR,
    "n|de=Amt für Volkswirtschaft;en=Office for Economic Affairs|AVW|de=Entsendung,Gewerbe;"
        "en=posting,trade|" A_PW "," A_SV "," A_SOL,
    "n|de=Datenschutzstelle;en=Data Protection Authority|DSS|de=Datenschutz;en=data protection|" A_GDPR,
    "n|de=Amt für Kultur;en=Office of Culture|AK|de=Kulturgüter;en=cultural goods|" A_CO,
    "n|de=Landespolizei;en=National Police||de=Waffen;en=firearms|" A_FA,
    "n|de=Amt für Justiz;en=Office of Justice|AJU|de=Rechtshilfe;en=judicial assistance|"
        A_EJN "," A_PD,
    "n|de=Liechtensteinische Ärztekammer;en=Liechtenstein Medical Association||de=Ärzte;"
        "en=doctors|" A_PQ,
    "c|de=Gemeinde {c};en=Municipality of {e}||de=Einwohnerkontrolle;en=residents' registration|"
        A_PD "," A_SV,
    NULL
};


static const s_state_t s_states [] = {
    { "DE", 84.4, "de", "49", "## #######", "de", s_places_de, s_templates_de },
    { "FR", 68.2, "fr", "33", "# ## ## ## ##", "fr", s_places_fr, s_templates_fr },
    { "IT", 59.0, "it", "39", "06 ########", "it", s_places_it, s_templates_it },
    { "ES", 48.3, "es", "34", "91# ### ###", "es", s_places_es, s_templates_es },
    { "PL", 36.8, "pl", "48", "## ### ## ##", "pl", s_places_pl, s_templates_pl },
    { "RO", 19.1, "ro", "40", "21 ### ####", "ro", s_places_ro, s_templates_ro },
    { "NL", 17.9, "nl", "31", "70 ### ####", "nl", s_places_nl, s_templates_nl },
    { "BE", 11.8, "nl,fr,de", "32", "2 ### ## ##", "be", s_places_be, s_templates_be },
    { "CZ", 10.9, "cs", "420", "### ### ###", "cz", s_places_cz, s_templates_cz },
    { "SE", 10.5, "sv", "46", "8 ### ### ##", "se", s_places_se, s_templates_se },
    { "PT", 10.5, "pt", "351", "21# ### ###", "pt", s_places_pt, s_templates_pt },
    { "EL", 10.4, "el", "30", "21# ### ####", "gr", s_places_el, s_templates_el },
    { "HU", 9.6, "hu", "36", "1 ### ####", "hu", s_places_hu, s_templates_hu },
    { "AT", 9.1, "de", "43", "1 #######", "at", s_places_at, s_templates_at },
    { "BG", 6.4, "bg", "359", "2 ### ####", "bg", s_places_bg, s_templates_bg },
    { "DK", 5.9, "da", "45", "## ## ## ##", "dk", s_places_dk, s_templates_dk },
    { "FI", 5.6, "fi,sv", "358", "29 ### ####", "fi", s_places_fi, s_templates_fi },
    { "NO", 5.5, "no", "47", "## ## ## ##", "no", s_places_no, s_templates_no },
    { "SK", 5.4, "sk", "421", "2 #### ####", "sk", s_places_sk, s_templates_sk },
    { "IE", 5.3, "en,ga", "353", "1 ### ####", "ie", s_places_ie, s_templates_ie },
    { "HR", 3.9, "hr", "385", "1 #### ###", "hr", s_places_hr, s_templates_hr },
    { "LT", 2.86, "lt", "370", "5 ### ####", "lt", s_places_lt, s_templates_lt },
    { "SI", 2.1, "sl", "386", "1 ### ## ##", "si", s_places_si, s_templates_si },
    { "LV", 1.88, "lv", "371", "67 ### ###", "lv", s_places_lv, s_templates_lv },
    { "EE", 1.37, "et", "372", "6## ####", "ee", s_places_ee, s_templates_ee },
    { "CY", 0.92, "el", "357", "22 ######", "cy", s_places_cy, s_templates_cy },
    { "LU", 0.66, "fr,de,lb", "352", "## ## ##", "lu", s_places_lu, s_templates_lu },
    { "MT", 0.54, "mt,en", "356", "2### ####", "mt", s_places_mt, s_templates_mt },
    { "IS", 0.39, "is", "354", "5## ####", "is", s_places_is, s_templates_is },
    { "LI", 0.04, "de", "423", "2## ## ##", "li", s_places_li, s_templates_li },
    { NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL }
};

//  Hand-made authorities for search tests: see s_write_fixtures in imi_gen_directory.c.
//  "STATE|id|names|acronym|address|postcode|city|keywords|competences", competences
//  "area=procedure+procedure,area=...", keywords on the first competence.
static const char *const s_fixtures [] = {
    //  Germany: umlauts and ß, a body without a city in its name, a city with parentheses.
    "DE|de-aek-berlin|de=Ärztekammer Berlin;en=Berlin Chamber of Physicians|ÄKB|"
        "Friedrichstraße 16|10969|Berlin|de=Ärzte,Approbation;en=doctors,medical licence|"
        "professional-qualifications=pq-information-request+pq-alert,"
        "patients-rights=patients-rights-information-request",
    "DE|de-lageso-berlin|de=Landesamt für Gesundheit und Soziales;en=State Office for Health and "
        "Social Affairs|LAGeSo|Turmstraße 21|10559|Berlin|de=Berufsanerkennung,Pflegefachkräfte;"
        "en=recognition,nurses|professional-qualifications=pq-information-request,"
        "european-professional-card=epc-application",
    "DE|de-laek-bw|de=Landesärztekammer Baden-Württemberg;en=Baden-Württemberg State Chamber of "
        "Physicians|LÄK BW|Jahnstraße 40|70597|Stuttgart|de=Ärzte;en=doctors|"
        "professional-qualifications=pq-information-request+pq-alert",
    "DE|de-hza-muenchen|de=Hauptzollamt München – Finanzkontrolle Schwarzarbeit;en=Munich Main "
        "Customs Office – Financial Monitoring of Undeclared Work|HZA M|Landsberger Straße 122|"
        "80339|München|de=Schwarzarbeit,Entsendung,Mindestlohn;en=undeclared work,posting,minimum "
        "wage|posted-workers=posting-information-request+posting-urgent-information-request,"
        "road-transport=road-transport-posting-declaration",
    "DE|de-ihk-koeln|de=Industrie- und Handelskammer zu Köln;en=Cologne Chamber of Commerce and "
        "Industry|IHK Köln|Unter Sachsenhausen 10-26|50667|Köln|de=Gewerbe,Dienstleistungen;"
        "en=business,services|services=services-information-request+services-alert",
    "DE|de-gewerbeamt-ffo|de=Gewerbeamt Frankfurt (Oder);en=Frankfurt (Oder) Trade Licensing "
        "Office||Goepelstraße 38|15234|Frankfurt (Oder)|de=Gewerbeanmeldung;"
        "en=business registration|services=services-information-request",
    //  France: elided articles (l'Hérault, d'informations), hyphenated place names.
    "FR|fr-cnom|fr=Conseil national de l'Ordre des médecins;en=National Council of the French "
        "Medical Association|CNOM|4 rue Léon-Jost|75017|Paris|fr=médecins,inscription au tableau;"
        "en=doctors,registration|professional-qualifications=pq-information-request+pq-alert,"
        "patients-rights=patients-rights-information-request",
    "FR|fr-cdom-34|fr=Ordre des médecins de l'Hérault;en=Hérault Medical Council|CDOM 34|"
        "286 rue Alfred-Nobel|34000|Montpellier|fr=médecins;en=doctors|"
        "professional-qualifications=pq-information-request",
    "FR|fr-ddets-13|fr=Direction départementale de l'emploi, du travail et des solidarités des "
        "Bouches-du-Rhône;en=Bouches-du-Rhône Departmental Directorate for Employment, Labour and "
        "Solidarity|DDETS 13|55 boulevard Périer|13008|Marseille|fr=détachement,travailleurs "
        "détachés;en=posting of workers|posted-workers=posting-information-request+"
        "posting-urgent-information-request+posting-penalty-notification",
    "FR|fr-cmar-paca|fr=Chambre de métiers et de l'artisanat de région Provence-Alpes-Côte d'Azur;"
        "en=Provence-Alpes-Côte d'Azur Regional Chamber of Trades and Crafts|CMAR PACA|"
        "5 boulevard Pèbre|13008|Marseille|fr=artisans;en=craftsmen|"
        "services=services-information-request,professional-qualifications=pq-information-request",
    "FR|fr-mairie-saint-etienne|fr=Mairie de Saint-Étienne;en=Saint-Étienne Town Hall||"
        "Place de l'Hôtel-de-Ville|42000|Saint-Étienne|fr=état civil;en=civil status|"
        "public-documents=public-document-information-request",
    //  Poland: ł, ó, ź; one name in two cases (Łódź, w Łodzi); an English name that shares
    //  no word with the Polish one.
    "PL|pl-nil|pl=Naczelna Izba Lekarska;en=Supreme Medical Chamber|NIL|ul. Sobieskiego 110|"
        "00-764|Warszawa|pl=lekarze,prawo wykonywania zawodu;en=doctors,right to practise|"
        "professional-qualifications=pq-information-request+pq-alert",
    "PL|pl-oil-lodz|pl=Okręgowa Izba Lekarska w Łodzi;en=Regional Medical Chamber in Łódź|"
        "OIL Łódź|ul. Czerwona 3|93-005|Łódź|pl=lekarze;en=doctors|"
        "professional-qualifications=pq-information-request,"
        "patients-rights=patients-rights-information-request",
    "PL|pl-oil-krakow|pl=Okręgowa Izba Lekarska w Krakowie;en=Regional Medical Chamber in Kraków|"
        "OIL Kraków|ul. Krupnicza 11a|31-123|Kraków|pl=lekarze;en=doctors|"
        "professional-qualifications=pq-information-request",
    "PL|pl-gip|pl=Główny Inspektorat Pracy;en=Chief Labour Inspectorate|GIP|ul. Barska 28/30|"
        "02-315|Warszawa|pl=delegowanie pracowników,inspekcja pracy;en=posting of workers,labour "
        "inspection|posted-workers=posting-information-request+posting-urgent-information-request,"
        "road-transport=road-transport-posting-declaration",
    "PL|pl-nfz|pl=Narodowy Fundusz Zdrowia;en=National Health Fund|NFZ|ul. Rakowiecka 26/30|"
        "02-528|Warszawa|pl=leczenie za granicą;en=treatment abroad|"
        "patients-rights=patients-rights-information-request",
    //  The Nordic states: ø, æ, å, þ, ð; the same name (Datatilsynet) in two states.
    "NO|no-helsedir|no=Helsedirektoratet;en=Norwegian Directorate of Health|Hdir|"
        "Vitaminveien 4|0485|Oslo|no=autorisasjon,helsepersonell;en=authorisation,health personnel|"
        "professional-qualifications=pq-information-request+pq-alert,"
        "patients-rights=patients-rights-information-request",
    "NO|no-arbeidstilsynet-tromso|no=Arbeidstilsynet Tromsø;en=Norwegian Labour Inspection "
        "Authority, Tromsø||Grønnegata 80|9008|Tromsø|no=utsendte arbeidstakere;en=posted workers|"
        "posted-workers=posting-information-request+posting-urgent-information-request",
    "NO|no-datatilsynet|no=Datatilsynet;en=Norwegian Data Protection Authority||Trelastgata 3|"
        "0191|Oslo|no=personvern;en=data protection|gdpr=gdpr-mutual-assistance",
    "DK|dk-stps|da=Styrelsen for Patientsikkerhed;en=Danish Patient Safety Authority|STPS|"
        "Islands Brygge 67|2300|København S|da=autorisation,sundhedspersoner;"
        "en=authorisation,health professionals|professional-qualifications=pq-information-request+"
        "pq-alert,patients-rights=patients-rights-information-request",
    "DK|dk-aarhus|da=Aarhus Kommune;en=Aarhus Municipality||Rådhuspladsen 2|8000|Aarhus C|"
        "da=borgerservice,Århus;en=citizen services|services=services-information-request",
    "DK|dk-datatilsynet|da=Datatilsynet;en=Danish Data Protection Agency||Carl Jacobsens Vej 35|"
        "2500|Valby|da=databeskyttelse;en=data protection|"
        "gdpr=gdpr-mutual-assistance+gdpr-lead-authority",
    "IS|is-landlaeknir|is=Embætti landlæknis;en=Directorate of Health||Katrínartún 2|105|"
        "Reykjavík|is=starfsleyfi;en=licence to practise|"
        "professional-qualifications=pq-information-request+pq-alert",
    "IS|is-vinnueftirlitid|is=Vinnueftirlitið;en=Administration of Occupational Safety and "
        "Health||Dvergshöfði 2|110|Reykjavík|is=útsendir starfsmenn;en=posted workers|"
        "posted-workers=posting-information-request",
    "SE|se-socialstyrelsen|sv=Socialstyrelsen;en=National Board of Health and Welfare||"
        "Rålambsvägen 3|106 30|Stockholm|sv=legitimation;en=licence to practise|"
        "professional-qualifications=pq-information-request+pq-alert,"
        "patients-rights=patients-rights-information-request",
    "SE|se-goteborgs-stad|sv=Göteborgs Stad;en=City of Gothenburg||Gustaf Adolfs torg 4A|411 10|"
        "Göteborg|sv=tillstånd;en=permits|services=services-information-request",
    "FI|fi-valvira|fi=Sosiaali- ja terveysalan lupa- ja valvontavirasto;sv=Tillstånds- och "
        "tillsynsverket för social- och hälsovården;en=National Supervisory Authority for Welfare "
        "and Health|Valvira|Ratapihantie 9|00520|Helsinki|fi=ammattioikeudet;"
        "sv=yrkesutövningsrätt;en=right to practise|"
        "professional-qualifications=pq-information-request+pq-alert",
    //  Belgium and Luxembourg: one body, names in two or three languages.
    "BE|be-famhp|fr=Agence fédérale des médicaments et des produits de santé;nl=Federaal "
        "agentschap voor geneesmiddelen en gezondheidsproducten;de=Föderalagentur für Arzneimittel "
        "und Gesundheitsprodukte;en=Federal Agency for Medicines and Health Products|AFMPS|"
        "Avenue Galilée 5/03|1210|Bruxelles|fr=médicaments,pharmaciens;nl=geneesmiddelen,apothekers;"
        "en=medicines,pharmacists|professional-qualifications=pq-information-request,"
        "patients-rights=patients-rights-information-request",
    "BE|be-spf-emploi|fr=Service public fédéral Emploi, Travail et Concertation sociale;"
        "nl=Federale Overheidsdienst Werkgelegenheid, Arbeid en Sociaal Overleg;en=Federal Public "
        "Service Employment, Labour and Social Dialogue|SPF ETCS|Rue Ernest Blerot 1|1070|"
        "Bruxelles|fr=détachement;nl=detachering;en=posting|"
        "posted-workers=posting-information-request+posting-urgent-information-request",
    "BE|be-ordre-medecins-liege|fr=Conseil provincial de l'Ordre des médecins de la province de "
        "Liège;en=Provincial Council of the Medical Association, Liège||Boulevard de la "
        "Sauvenière 32|4000|Liège|fr=médecins;en=doctors|"
        "professional-qualifications=pq-information-request",
    "BE|be-dg-ministerium|de=Ministerium der Deutschsprachigen Gemeinschaft;fr=Ministère de la "
        "Communauté germanophone;en=Ministry of the German-speaking Community||Gospertstraße 1|"
        "4700|Eupen|de=Diplomanerkennung;en=recognition of diplomas|"
        "professional-qualifications=pq-information-request",
    "LU|lu-itm|fr=Inspection du travail et des mines;de=Gewerbeinspektion;en=Labour and Mines "
        "Inspectorate|ITM|3, rue des Primeurs|L-2361|Strassen|fr=détachement;de=Entsendung;"
        "en=posting of workers|posted-workers=posting-information-request+"
        "posting-urgent-information-request",
    //  Ireland: English first, Irish with its mutations (nDochtúirí).
    "IE|ie-medical-council|en=Medical Council;ga=Comhairle na nDochtúirí Leighis||Kingram House, "
        "Kingram Place|D02 XK51|Dublin|en=doctors,registration|"
        "professional-qualifications=pq-information-request+pq-alert",
    "IE|ie-wrc|en=Workplace Relations Commission;ga=An Coimisiún um Chaidreamh san Áit Oibre|WRC|"
        "O'Brien Road|R93 E920|Carlow|en=posting of workers|"
        "posted-workers=posting-information-request+posting-urgent-information-request",
    //  Greece: Greek script, accents, final sigma; Latin names only in English.
    "EL|el-isa|el=Ιατρικός Σύλλογος Αθηνών;en=Athens Medical Association|ΙΣΑ|Πλουτάρχου 3|"
        "106 75|Αθήνα|el=ιατροί;en=doctors|professional-qualifications=pq-information-request+"
        "pq-alert",
    "EL|el-isth|el=Ιατρικός Σύλλογος Θεσσαλονίκης;en=Thessaloniki Medical Association|ΙΣΘ|"
        "Οδός Αριστοτέλους 14|546 23|Θεσσαλονίκη|el=ιατροί;en=doctors|"
        "professional-qualifications=pq-information-request,"
        "patients-rights=patients-rights-information-request",
    //  Elsewhere: an apostrophe inside a place name, a leading apostrophe, a Catalan
    //  middle dot, a name in a language the state's node does not list first.
    "AT|at-aek-wien|de=Ärztekammer für Wien;en=Vienna Medical Chamber|ÄKW|Weihburggasse 10-12|"
        "1010|Wien|de=Ärzte;en=doctors|professional-qualifications=pq-information-request",
    "IT|it-omceo-roma|it=Ordine Provinciale di Roma dei Medici Chirurghi e degli Odontoiatri;"
        "en=Rome Provincial Order of Physicians and Dentists|OMCeO Roma|Via Giovanni Battista De "
        "Rossi, 9|00161|Roma|it=medici;en=doctors|professional-qualifications=pq-information-request",
    "IT|it-itl-laquila|it=Ispettorato Territoriale del Lavoro dell'Aquila;en=L'Aquila Territorial "
        "Labour Inspectorate|ITL|Via Salaria Antica Est, 27|67100|L'Aquila|it=distacco;en=posting|"
        "posted-workers=posting-information-request",
    "ES|es-comb|ca=Col·legi Oficial de Metges de Barcelona;es=Colegio Oficial de Médicos de "
        "Barcelona;en=Barcelona Medical Association|COMB|Passeig de la Bonanova, 47|08017|"
        "Barcelona|ca=metges;es=médicos;en=doctors|professional-qualifications=pq-information-request",
    "ES|es-itss-madrid|es=Inspección Provincial de Trabajo y Seguridad Social de Madrid;en=Madrid "
        "Provincial Labour and Social Security Inspectorate|ITSS|Calle de Alcalá, 120|28009|Madrid|"
        "es=desplazamiento;en=posting|posted-workers=posting-information-request+"
        "posting-urgent-information-request",
    "NL|nl-cibg|nl=CIBG – BIG-register;en=CIBG – BIG Register|CIBG|Rijnstraat 50|2515 XP|"
        "Den Haag|nl=BIG-registratie,artsen;en=registration,doctors|"
        "professional-qualifications=pq-information-request+pq-alert,"
        "european-professional-card=epc-application",
    "NL|nl-s-hertogenbosch|nl=Gemeente 's-Hertogenbosch;en=Municipality of 's-Hertogenbosch||"
        "Wolvenhoek 1|5211 HH|'s-Hertogenbosch|nl=burgerzaken,Den Bosch;en=civil affairs|"
        "services=services-information-request",
    "SI|si-ue-skofja-loka|sl=Upravna enota Škofja Loka;en=Škofja Loka Administrative Unit|UE|"
        "Poljanska cesta 2|4220|Škofja Loka|sl=upravne zadeve;en=administrative matters|"
        "services=services-information-request",
    NULL
};
