"""The demo knowledge base: questions citizens ask a municipal contact centre (KCC).

Plain Dutch at B1 level, as an agent would read it out or paste it into an e-mail.
Amounts and local rules differ per municipality; where they do, the answer points to the
website instead of naming a number. ``seed_knowledge_articles()`` loads the articles into
the active organisation and is safe to run twice.
"""

from datetime import date
from typing import NamedTuple

from achterkant.catalog.models import Product
from achterkant.contacts.models import KnowledgeArticle
from achterkant.tenancy.context import require_organisation

VALID_FROM = date(2025, 1, 1)


class Article(NamedTuple):
    question: str
    answer: str
    keywords: str
    product: str | None = None  # a product code from demo.catalogue, if one fits
    audience: str = KnowledgeArticle.Audience.EVERYONE


PASPOORT = "paspoort-aanvragen"
MELDING = "melding-openbare-ruimte"
PARKEREN = "parkeervergunning"
VERHUIZING = "verhuizing-doorgeven"
BIJSTAND = "bijzondere-bijstand"
OMGEVING = "omgevingsvergunning"
EVENEMENT = "evenementenvergunning"
KLACHT = "klacht"
CONTAINER = "afvalcontainer-aanvragen"
AFVALKALENDER = "afvalkalender"

ARTICLES: list[Article] = [
    # --- Paspoort en ID-kaart ---
    Article(
        "Mijn paspoort is verlopen, wat nu?",
        "Is uw paspoort verlopen? Dan kunt u er niet meer mee reizen. Meestal kunt u het ook "
        "niet meer gebruiken om te laten zien wie u bent. Maak een afspraak om een nieuw "
        "paspoort aan te vragen. Neem uw oude paspoort mee en een goede pasfoto die niet "
        "ouder is dan 6 maanden. Na ongeveer 5 werkdagen ligt uw nieuwe paspoort klaar. "
        "Gaat u binnenkort op reis? Vraag dan op tijd aan, of vraag naar een spoedaanvraag.",
        "paspoort verlopen vernieuwen verlengen reisdocument reizen",
        PASPOORT,
    ),
    Article(
        "Paspoort kwijt of gestolen",
        "Bent u uw paspoort kwijt, of is het gestolen? Meld dit zo snel mogelijk bij de "
        "gemeente. Wij maken het paspoort dan ongeldig, zodat niemand anders het kan "
        "gebruiken. Daarna vraagt u een nieuw paspoort aan. Is het gestolen? Dan kunt u ook "
        "aangifte doen bij de politie. Bent u in het buitenland? Meld het dan bij de politie "
        "daar en bij de Nederlandse ambassade of het consulaat.",
        "paspoort kwijt verloren gestolen diefstal vermissing ongeldig ambassade",
        PASPOORT,
    ),
    Article(
        "Hoe lang is een paspoort geldig?",
        "Bent u 18 jaar of ouder? Dan is uw paspoort 10 jaar geldig. Voor kinderen onder de "
        "18 jaar is een paspoort 5 jaar geldig. Voor de ID-kaart geldt hetzelfde. De datum "
        "staat in uw paspoort. Let op: sommige landen willen dat uw paspoort na de reis nog "
        "een tijd geldig is, vaak 3 of 6 maanden. Kijk dit na voordat u op reis gaat.",
        "paspoort geldig geldigheid geldigheidsduur 10 jaar 5 jaar vervaldatum",
        PASPOORT,
    ),
    Article(
        "Wat kost een paspoort?",
        "De prijs hangt af van uw leeftijd. Voor volwassenen is een paspoort duurder dan "
        "voor kinderen onder de 18 jaar. Het Rijk stelt elk jaar de hoogste prijs vast. Op "
        "onze website staan de prijzen van dit jaar. Wilt u uw paspoort met spoed? Dan "
        "betaalt u extra. U betaalt bij de aanvraag aan de balie, met uw pinpas.",
        "paspoort kosten prijs tarief betalen spoed pinnen",
        PASPOORT,
    ),
    Article(
        "Paspoort of ID-kaart aanvragen voor mijn kind",
        "Ook een kind heeft een eigen paspoort of ID-kaart nodig om te reizen. Uw kind komt "
        "mee naar de afspraak, ook een baby. Vanaf 12 jaar nemen wij vingerafdrukken af. "
        "Neem een pasfoto van uw kind mee. Voor een paspoort is toestemming nodig van alle "
        "ouders met gezag. Kan de andere ouder niet mee? Dan vult die een "
        "toestemmingsformulier in en geeft u een kopie van zijn of haar identiteitsbewijs "
        "mee. Voor een ID-kaart is geen toestemming nodig.",
        "paspoort kind kinderen minderjarig toestemming gezag ouders baby ID-kaart",
        PASPOORT,
    ),
    Article(
        "Hoe vraag ik een paspoort aan?",
        "U vraagt een paspoort aan bij de gemeente waar u staat ingeschreven. Maak eerst een "
        "afspraak via de website of bel ons. Neem uw huidige paspoort of ID-kaart mee en een "
        "pasfoto die aan de eisen voldoet. Aan de balie nemen wij uw vingerafdrukken af en "
        "zet u een handtekening. Na ongeveer 5 werkdagen ligt het paspoort klaar. U krijgt "
        "bericht als u het kunt ophalen.",
        "paspoort aanvragen afspraak pasfoto balie vingerafdrukken nieuw",
        PASPOORT,
    ),
    Article(
        "Spoedaanvraag paspoort of ID-kaart",
        "Heeft u snel een nieuw paspoort of een nieuwe ID-kaart nodig? Doe dan een "
        "spoedaanvraag. Meestal ligt het document de volgende werkdag klaar. Voor spoed "
        "betaalt u extra. Moet u vandaag nog vliegen en heeft u geen geldig paspoort? Dan "
        "kunt u op een aantal vliegvelden een noodpaspoort aanvragen bij de Koninklijke "
        "Marechaussee.",
        "spoed spoedaanvraag paspoort ID-kaart snel noodpaspoort marechaussee vliegveld",
        PASPOORT,
    ),
    Article(
        "Paspoort of ID-kaart ophalen",
        "U krijgt bericht als uw paspoort of ID-kaart klaarligt. Haal het document binnen 3 "
        "maanden op; daarna wordt het vernietigd. Neem uw oude document mee als u dat nog "
        "heeft. Wij maken het dan ongeldig. Kunt u zelf niet komen? Dan kunt u iemand "
        "machtigen om het op te halen. Dat regelt u bij de aanvraag.",
        "paspoort ID-kaart ophalen afhalen klaar machtigen",
        PASPOORT,
    ),
    Article(
        "ID-kaart aanvragen",
        "Met een Nederlandse identiteitskaart (ID-kaart) laat u zien wie u bent. U kunt er "
        "ook mee reizen binnen Europa en naar een aantal andere landen. U vraagt de ID-kaart "
        "aan bij de gemeente, op afspraak. Neem uw oude ID-kaart of paspoort mee en een "
        "goede pasfoto. Bent u 18 jaar of ouder? Dan is de ID-kaart 10 jaar geldig.",
        "ID-kaart identiteitskaart aanvragen identiteitsbewijs reizen Europa",
        PASPOORT,
    ),
    Article(
        "Aan welke eisen moet een pasfoto voldoen?",
        "De pasfoto is niet ouder dan 6 maanden. U kijkt recht in de camera, met een rustig "
        "gezicht en uw mond dicht. Uw gezicht is goed te zien, zonder zonnebril of pet. De "
        "achtergrond is licht en egaal. Laat de foto maken bij een fotograaf: die kent de "
        "eisen. Neem de foto mee naar uw afspraak.",
        "pasfoto foto eisen fotograaf paspoort rijbewijs ID-kaart",
        PASPOORT,
    ),
    # --- Rijbewijs ---
    Article(
        "Rijbewijs verlengen",
        "Is uw rijbewijs bijna verlopen? Vraag dan op tijd een nieuw rijbewijs aan. Vaak kan "
        "dat online met DigiD. Anders maakt u een afspraak aan de balie. Na ongeveer 5 "
        "werkdagen haalt u het nieuwe rijbewijs op bij de gemeente. Bent u 75 jaar of "
        "ouder? Dan heeft u eerst een Gezondheidsverklaring nodig van het CBR. Begin daar "
        "op tijd mee.",
        "rijbewijs verlengen vernieuwen verlopen CBR gezondheidsverklaring 75 jaar",
    ),
    Article(
        "Rijbewijs kwijt of gestolen",
        "Bent u uw rijbewijs kwijt, of is het gestolen? Meld dit bij de gemeente. Daarna "
        "vraagt u een nieuw rijbewijs aan. Neem een pasfoto en een geldig identiteitsbewijs "
        "mee. Zolang u geen rijbewijs heeft, mag u niet autorijden. Is het in het buitenland "
        "gestolen? Doe dan aangifte bij de politie daar.",
        "rijbewijs kwijt verloren gestolen vermissing diefstal",
    ),
    # --- Verhuizen en inschrijving ---
    Article(
        "Verhuizing doorgeven",
        "Gaat u verhuizen binnen Nederland? Geef uw nieuwe adres door aan de gemeente waar u "
        "gaat wonen. Dat kan vanaf 4 weken voor de verhuisdatum tot uiterlijk 5 dagen erna. "
        "U doet het online met DigiD. Verhuizen uw partner of kinderen mee? Dan kunt u hen "
        "meestal in dezelfde melding meenemen. Wij geven uw nieuwe adres door aan andere "
        "overheden, zoals de Belastingdienst.",
        "verhuizen verhuizing adreswijziging doorgeven nieuw adres inschrijven",
        VERHUIZING,
    ),
    Article(
        "Verhuizen naar het buitenland",
        "Gaat u langer dan 8 maanden in het buitenland wonen? Meld uw vertrek dan bij de "
        "gemeente. Dat doet u in de 5 dagen voor uw vertrek. U staat daarna in de "
        "Registratie Niet-Ingezetenen (RNI). Denk ook aan uw zorgverzekering, uw pensioen en "
        "de Belastingdienst.",
        "emigreren buitenland vertrek verhuizen RNI uitschrijven",
        VERHUIZING,
    ),
    Article(
        "Er staat iemand op mijn adres ingeschreven die hier niet woont",
        "Woont er iemand niet meer op uw adres, maar staat die persoon nog wel ingeschreven? "
        "Meld dit bij de gemeente. Wij starten dan een adresonderzoek. Wij vragen die "
        "persoon om de verhuizing door te geven. Lukt dat niet, dan passen wij de "
        "inschrijving zelf aan.",
        "adresonderzoek inschrijving uitschrijven onjuist adres bewoner",
    ),
    Article(
        "Briefadres aanvragen",
        "Heeft u tijdelijk geen vast woonadres, bijvoorbeeld omdat u uit huis moest? Dan kunt "
        "u een briefadres aanvragen. Uw post gaat dan naar het adres van iemand anders of "
        "van een instelling. De bewoner van dat adres moet daar toestemming voor geven. Bel "
        "ons om een afspraak te maken.",
        "briefadres postadres dakloos geen woonadres",
    ),
    Article(
        "Uittreksel BRP aanvragen",
        "Een uittreksel uit de Basisregistratie Personen (BRP) laat zien waar u staat "
        "ingeschreven. U heeft het soms nodig voor een werkgever, een school of een "
        "woningcorporatie. Vraag het online aan met DigiD, of aan de balie. U betaalt "
        "hiervoor. Online aangevraagd? Dan krijgt u het uittreksel binnen een paar werkdagen "
        "per post. Aan de balie krijgt u het meteen mee.",
        "uittreksel BRP GBA inschrijving bewijs adres persoonsgegevens",
    ),
    # --- Afval ---
    Article(
        "Afvalcontainer aanvragen",
        "Woont u in een nieuw huis, of wilt u een extra container? Vraag een afvalcontainer "
        "aan via de website of bel ons. Wij bezorgen de container binnen 10 werkdagen. Voor "
        "een extra container betaalt u soms een bedrag per jaar.",
        "container kliko minicontainer aanvragen nieuw extra gft restafval",
        CONTAINER,
    ),
    Article(
        "Mijn kliko is kapot",
        "Is uw container (kliko) kapot, bijvoorbeeld het deksel, een wiel of de bak zelf? "
        "Meld het via de website of bel ons. Wij repareren de container of u krijgt een "
        "nieuwe. Dat is gratis, behalve als de container door eigen schuld kapot is.",
        "kliko kapot container stuk deksel wiel reparatie vervangen",
        CONTAINER,
    ),
    Article(
        "Mijn container is gestolen",
        "Is uw container weg? Meld het via de website of bel ons. Wij bezorgen een nieuwe "
        "container. Tip: zet uw huisnummer op de container. Dan vindt u hem makkelijker "
        "terug.",
        "container gestolen kliko weg kwijt vermist",
        CONTAINER,
    ),
    Article(
        "Wanneer wordt mijn afval opgehaald?",
        "Op de afvalkalender ziet u wanneer wij welk afval ophalen. U vindt de kalender op "
        "onze website en in de afval-app. Vul uw postcode en huisnummer in. Zet uw container "
        "op de ophaaldag voor 7.30 uur aan de straat, met het handvat naar de weg.",
        "afvalkalender ophaaldag ophaaldagen afval ophalen container buiten zetten",
        AFVALKALENDER,
    ),
    Article(
        "Mijn container is niet geleegd",
        "Is uw container op de ophaaldag niet geleegd, terwijl hij voor 7.30 uur aan de "
        "straat stond? Meld het dan dezelfde dag of de volgende werkdag via de website of "
        "telefonisch. Wij komen de container dan alsnog legen. Zat er verkeerd afval in? Dan "
        "laten wij de container staan, met een sticker waarop staat wat er mis was.",
        "container niet geleegd vergeten ophalen afval blijven staan",
        AFVALKALENDER,
    ),
    Article(
        "Grofvuil laten ophalen",
        "Grofvuil is afval dat niet in de container past, zoals een bank, een matras of een "
        "kast. Maak een afspraak via de website of bel ons. Wij halen het grofvuil op de "
        "afgesproken dag op. Zet het op die dag voor 7.30 uur aan de straat. U kunt "
        "grofvuil ook zelf naar de milieustraat brengen.",
        "grofvuil grof afval ophalen meubels bank matras kast afspraak",
        AFVALKALENDER,
    ),
    Article(
        "Milieustraat: wat mag ik brengen?",
        "Op de milieustraat brengt u afval dat niet in de container mag, zoals hout, puin, "
        "elektrische apparaten, grofvuil en klein chemisch afval. Neem uw afvalpas of "
        "identiteitsbewijs mee. Veel afval kunt u gratis brengen. Voor puin en asbest gelden "
        "regels. De openingstijden staan op onze website.",
        "milieustraat afvalbrengpunt brengen puin hout chemisch afval elektrisch",
    ),
    Article(
        "Afvalpas kwijt",
        "Bent u uw afvalpas kwijt, of is hij kapot? Vraag een nieuwe pas aan via de website "
        "of bel ons. Wij zetten de oude pas dan uit. U krijgt de nieuwe pas binnen 2 weken "
        "per post.",
        "afvalpas milieupas pas kwijt ondergrondse container",
    ),
    Article(
        "Ondergrondse container is vol of kapot",
        "Is een ondergrondse container vol, of gaat de klep niet open? Meld het via de "
        "website, de app of telefonisch. Zet uw afval niet naast de container. Dat mag niet "
        "en u kunt er een boete voor krijgen. Gebruik zolang een andere container in de "
        "buurt.",
        "ondergrondse container vol kapot klep verzamelcontainer bijplaatsing",
        MELDING,
    ),
    Article(
        "Oud papier en karton",
        "Doe papier en karton in de blauwe container of in de papiercontainer in uw buurt. "
        "Maak dozen plat, dan past er meer in. Papier dat erg vies is van etensresten hoort "
        "bij het restafval. Op de afvalkalender ziet u wanneer wij oud papier ophalen.",
        "oud papier karton blauwe container dozen papiercontainer",
        AFVALKALENDER,
    ),
    # --- Parkeren ---
    Article(
        "Parkeervergunning aanvragen",
        "Woont u in een gebied waar u betaalt voor parkeren? Dan kunt u als bewoner een "
        "parkeervergunning aanvragen. Dat doet u online met DigiD. U heeft het kenteken van "
        "uw auto nodig. Per adres geven wij een beperkt aantal vergunningen uit. In sommige "
        "wijken is er een wachtlijst. De kosten staan op onze website.",
        "parkeervergunning bewoner aanvragen kenteken betaald parkeren wachtlijst",
        PARKEREN,
    ),
    Article(
        "Bezoekersregeling parkeren",
        "Met de bezoekersregeling parkeert uw bezoek goedkoper in de buurt van uw huis. U "
        "meldt het kenteken van uw bezoek aan via de website of de app. Gaat het bezoek weg? "
        "Meld het dan weer af. U betaalt alleen voor de tijd dat uw bezoek er staat. U vraagt "
        "de bezoekersregeling aan met DigiD.",
        "bezoekersregeling bezoekersvergunning bezoek parkeren kenteken aanmelden",
        PARKEREN,
    ),
    Article(
        "Kenteken wijzigen op mijn parkeervergunning",
        "Heeft u een andere auto? Geef het nieuwe kenteken dan door via de website. U logt "
        "in met DigiD. De wijziging gaat meestal direct in. Rijdt u even in een leenauto of "
        "huurauto? Dat kunt u ook doorgeven.",
        "parkeervergunning kenteken wijzigen nieuwe auto leenauto",
        PARKEREN,
    ),
    Article(
        "Gehandicaptenparkeerkaart aanvragen",
        "Kunt u door een ziekte of handicap moeilijk lopen? Dan kunt u een "
        "gehandicaptenparkeerkaart aanvragen. Daarmee mag u onder andere parkeren op een "
        "gehandicaptenparkeerplaats. De gemeente laat een medische keuring doen. Heeft u een "
        "vaste plek bij uw huis nodig? Vraag dan ook een gehandicaptenparkeerplaats op "
        "kenteken aan.",
        "gehandicaptenparkeerkaart GPK invalidenparkeerkaart handicap parkeren",
    ),
    Article(
        "Bezwaar tegen een parkeerboete (naheffingsaanslag)",
        "Heeft u een naheffingsaanslag parkeerbelasting gekregen en bent u het er niet mee "
        "eens? Maak dan binnen 6 weken bezwaar. Dat kan online. Schrijf waarom u het er niet "
        "mee eens bent en stuur bewijs mee, zoals uw parkeerbewijs. Let op: een bekeuring "
        "van de politie of een handhaver, bijvoorbeeld voor fout parkeren, is iets anders. "
        "Daarvoor gaat u naar het CJIB.",
        "parkeerboete naheffingsaanslag bezwaar parkeren bekeuring CJIB",
        PARKEREN,
    ),
    # --- Meldingen openbare ruimte ---
    Article(
        "Lantaarnpaal kapot",
        "Doet een lantaarnpaal het niet, of brandt hij overdag? Meld het via de website, de "
        "app of telefonisch. Geef het nummer op de paal door als dat kan, of het adres waar "
        "hij staat. Wij repareren de meeste lampen binnen 5 werkdagen. Is er gevaar, "
        "bijvoorbeeld een scheve paal of losse draden? Bel ons dan direct.",
        "lantaarnpaal straatverlichting lamp kapot donker licht melding",
        MELDING,
    ),
    Article(
        "Losse stoeptegel of kapotte stoep",
        "Ligt er een losse of scheve tegel in de stoep, of zit er een gat in de weg? Meld het "
        "via de website, de app of telefonisch. Geef de plek zo precies mogelijk door. Een "
        "foto helpt ons. Bij gevaar zetten wij de plek eerst af.",
        "stoep stoeptegel tegel los scheef gat weg bestrating struikelen",
        MELDING,
    ),
    Article(
        "Zwerfafval of gedumpt afval melden",
        "Ligt er afval op straat, in het park of naast een container? Meld het via de "
        "website, de app of telefonisch. Wij ruimen het op. Ziet u wie het afval dumpt? Geef "
        "dat dan ook door. Afval dumpen is verboden.",
        "zwerfafval afval straat dumpen vuilnis rommel illegaal",
        MELDING,
    ),
    Article(
        "Speeltoestel kapot",
        "Is een speeltoestel in een speeltuin kapot of gevaarlijk? Meld het via de website, "
        "de app of telefonisch. Bij gevaar zetten wij het toestel dezelfde dag af.",
        "speeltuin speeltoestel kapot gevaarlijk schommel glijbaan",
        MELDING,
    ),
    Article(
        "Overlast van ratten of ander ongedierte",
        "Ziet u ratten op straat of in het park? Meld het bij de gemeente. Zitten ze in of "
        "bij uw huis? Dan schakelt u meestal zelf een ongediertebestrijder in. Huurt u? Neem "
        "dan contact op met uw verhuurder. Laat geen etensresten of vogelvoer buiten liggen.",
        "ratten muizen ongedierte overlast bestrijding",
        MELDING,
    ),
    Article(
        "Graffiti melden",
        "Ziet u graffiti op een gebouw, bank of bord van de gemeente? Meld het via de "
        "website, de app of telefonisch. Kwetsende teksten halen wij zo snel mogelijk weg. "
        "Staat er graffiti op uw eigen huis? Dan zorgt u daar zelf voor.",
        "graffiti bekladding muur verwijderen",
        MELDING,
    ),
    Article(
        "Bomen en groen in de buurt",
        "Hangen takken te laag, is een boom ziek, of staat het gras hoog? Meld het via de "
        "website of de app. Ligt er een boom of grote tak op de weg? Bel ons dan direct. Is "
        "er acuut gevaar voor mensen? Bel 112.",
        "boom tak groen gras snoeien onderhoud plantsoen omgevallen",
        MELDING,
    ),
    Article(
        "Gladheid: wanneer strooit de gemeente?",
        "Bij kans op gladheid strooien wij eerst de hoofdwegen, fietspaden en busroutes. "
        "Daarna volgen andere drukke wegen. Woonstraten strooien wij meestal niet. Op onze "
        "website staat welke routes wij strooien.",
        "gladheid strooien zout sneeuw ijzel winter",
        MELDING,
    ),
    Article(
        "Fietswrak of weesfiets melden",
        "Staat er al lang een kapotte of achtergelaten fiets? Meld het via de website. Wij "
        "hangen een label aan de fiets. Haalt niemand hem binnen 2 weken weg? Dan nemen wij "
        "de fiets mee.",
        "fietswrak weesfiets fiets achtergelaten verwijderen",
        MELDING,
    ),
    # --- Belastingen ---
    Article(
        "Wat is de WOZ-waarde en hoe maak ik bezwaar?",
        "De WOZ-waarde is de waarde van uw woning volgens de gemeente. Die staat op uw "
        "aanslag gemeentelijke belastingen. Wij gebruiken de waarde voor de "
        "onroerendezaakbelasting (ozb). Ook de Belastingdienst en het waterschap gebruiken "
        "hem. Vindt u de waarde te hoog? Maak dan binnen 6 weken na de datum op de aanslag "
        "bezwaar. Dat kan online met DigiD en het is gratis.",
        "WOZ WOZ-waarde woningwaarde taxatie bezwaar ozb",
    ),
    Article(
        "Kwijtschelding gemeentelijke belastingen",
        "Heeft u een laag inkomen en weinig spaargeld? Dan hoeft u misschien niet alle "
        "gemeentelijke belastingen te betalen. Dit heet kwijtschelding. Vraag het aan binnen "
        "3 maanden na de datum op de aanslag. Dat kan online. Wij kijken naar uw inkomen, "
        "uw vaste lasten en wat u bezit. U krijgt daarna een brief met ons besluit.",
        "kwijtschelding belasting niet kunnen betalen laag inkomen afvalstoffenheffing",
    ),
    Article(
        "Ik heb een aanslag gemeentelijke belastingen gekregen",
        "Op de aanslag staan de belastingen die u dit jaar aan de gemeente betaalt, "
        "bijvoorbeeld ozb, afvalstoffenheffing en rioolheffing. U kunt in één keer betalen, "
        "of in termijnen met automatische incasso. Klopt er iets niet? Maak dan binnen 6 "
        "weken bezwaar. Kunt u niet betalen? Vraag dan kwijtschelding aan of bel ons voor "
        "een betalingsregeling.",
        "aanslag gemeentelijke belastingen betalen termijnen incasso ozb rioolheffing",
    ),
    Article(
        "Hondenbelasting",
        "Heeft u een hond? Dan betaalt u in onze gemeente hondenbelasting. Meld uw hond aan "
        "binnen 2 weken nadat hij bij u komt wonen. Dat kan online. Heeft u de hond niet "
        "meer? Meld hem dan af. U betaalt dan minder of krijgt geld terug.",
        "hondenbelasting hond aanmelden afmelden belasting",
    ),
    # --- Inkomen, schulden en formulieren ---
    Article(
        "Bijstandsuitkering aanvragen",
        "Heeft u niet genoeg geld om van te leven, en kunt u geen andere uitkering krijgen? "
        "Dan kunt u misschien een bijstandsuitkering krijgen. U meldt zich eerst via werk.nl. "
        "Daarna nemen wij contact met u op voor een gesprek. Bent u jonger dan 27 jaar? Dan "
        "zoekt u eerst 4 weken zelf naar werk of een opleiding.",
        "bijstand uitkering bijstandsuitkering participatiewet inkomen geen geld",
    ),
    Article(
        "Bijzondere bijstand aanvragen",
        "Heeft u onverwachte, noodzakelijke kosten die u niet kunt betalen? Bijvoorbeeld "
        "voor een kapotte wasmachine, een bril of de kosten van een bewindvoerder? Dan kunt u "
        "misschien bijzondere bijstand krijgen. Dat hangt af van uw inkomen en vermogen. "
        "Vraag het aan via de website en stuur de rekening of offerte mee. U krijgt binnen 8 "
        "weken een besluit.",
        "bijzondere bijstand onverwachte kosten wasmachine bril bewindvoering laag inkomen",
        BIJSTAND,
    ),
    Article(
        "Individuele inkomenstoeslag",
        "Heeft u al lang een laag inkomen, en is er geen uitzicht op meer inkomen? Dan kunt "
        "u misschien een individuele inkomenstoeslag krijgen. Dit is een bedrag dat u één "
        "keer per jaar krijgt. U vraagt het aan via de website.",
        "inkomenstoeslag langdurig laag inkomen toeslag minima",
        BIJSTAND,
    ),
    Article(
        "Ik heb schulden, kan de gemeente helpen?",
        "Heeft u geldzorgen of schulden? Wacht niet te lang en vraag hulp. Schuldhulp van de "
        "gemeente is gratis. Samen maken we een overzicht van uw inkomsten, uitgaven en "
        "schulden. Daarna zoeken we een oplossing, zoals een betalingsregeling, "
        "budgetbeheer of een schuldregeling. Meld u aan via de website of bel ons. U krijgt "
        "binnen 4 weken een eerste gesprek. Dreigt u uw huis kwijt te raken, of wordt uw "
        "gas, water of stroom afgesloten? Dan helpen wij u binnen 3 werkdagen.",
        "schulden schuldhulp schuldhulpverlening geldzorgen betalingsachterstand",
    ),
    Article(
        "Hulp bij formulieren en brieven",
        "Vindt u het lastig om formulieren in te vullen of brieven te begrijpen? Kom dan naar "
        "het Informatiepunt Digitale Overheid in de bibliotheek of naar het spreekuur van de "
        "formulierenhulp. Daar helpen medewerkers en vrijwilligers u gratis.",
        "formulieren invullen hulp brieven begrijpen digitale overheid bibliotheek",
    ),
    Article(
        "Is de kinderopvangtoeslag iets van de gemeente?",
        "Nee. Toeslagen zoals huurtoeslag, zorgtoeslag en kinderopvangtoeslag regelt Dienst "
        "Toeslagen van de Belastingdienst. Kijk op toeslagen.nl of bel de BelastingTelefoon. "
        "De gemeente kan u wel helpen met geldzaken, bijvoorbeeld met bijzondere bijstand "
        "of schuldhulp.",
        "toeslagen huurtoeslag zorgtoeslag kinderopvangtoeslag belastingdienst",
    ),
    # --- Zorg en ondersteuning ---
    Article(
        "Hulp bij het huishouden (Wmo)",
        "Kunt u door ziekte, een handicap of ouderdom uw huishouden niet meer zelf doen? En "
        "lukt het niet met hulp van mensen om u heen? Neem dan contact op met het "
        "Wmo-loket. Een consulent praat met u over wat u nodig heeft. Dat heet het "
        "keukentafelgesprek. Binnen 6 weken na uw melding weet u welke hulp u kunt krijgen. "
        "U betaalt een eigen bijdrage.",
        "Wmo huishoudelijke hulp huishouden schoonmaken zorg keukentafelgesprek eigen bijdrage",
    ),
    Article(
        "Hulpmiddelen en aanpassingen in huis (Wmo)",
        "Heeft u een hulpmiddel nodig, zoals een rolstoel of scootmobiel? Of moet uw huis "
        "worden aangepast, bijvoorbeeld met een traplift? Meld dit bij het Wmo-loket. Wij "
        "kijken samen met u wat u nodig heeft. Koop of bestel niets voordat u ons besluit "
        "heeft. Anders kunnen wij de kosten niet vergoeden.",
        "Wmo hulpmiddel rolstoel scootmobiel woningaanpassing traplift",
    ),
    Article(
        "Steun voor mantelzorgers",
        "Zorgt u voor iemand uit uw omgeving? Dan bent u mantelzorger. Het steunpunt "
        "mantelzorg geeft u advies en een luisterend oor. U kunt ook respijtzorg vragen: dan "
        "neemt iemand de zorg even van u over. Elk jaar bedankt de gemeente mantelzorgers "
        "met het mantelzorgcompliment.",
        "mantelzorg mantelzorger ondersteuning respijtzorg mantelzorgcompliment",
    ),
    # --- Wonen, bouwen en vergunningen ---
    Article(
        "Heb ik een vergunning nodig voor een dakkapel?",
        "Dat hangt af van de plek en de grootte. Een dakkapel aan de achterkant van uw huis "
        "mag vaak zonder vergunning, als hij aan een aantal regels voldoet. Aan de voorkant "
        "of zijkant heeft u meestal wel een omgevingsvergunning nodig. Doe de "
        "vergunningcheck in het Omgevingsloket. Daar vraagt u ook de vergunning aan. Wij "
        "beslissen binnen 8 weken.",
        "dakkapel vergunning omgevingsvergunning vergunningvrij verbouwen dak",
        OMGEVING,
    ),
    Article(
        "Vergunning voor een schutting of hek",
        "Een schutting achter uw huis van hoogstens 2 meter mag meestal zonder vergunning. "
        "Voor de voorgevel van uw huis mag een schutting zonder vergunning meestal maar 1 "
        "meter hoog zijn. Doe voor de zekerheid de vergunningcheck in het Omgevingsloket. "
        "Overleg ook even met uw buren.",
        "schutting erfafscheiding hek tuin vergunning hoogte",
        OMGEVING,
    ),
    Article(
        "Mag ik een boom kappen in mijn tuin?",
        "Voor sommige bomen heeft u een vergunning nodig om ze te kappen. Dat hangt af van "
        "de dikte en de soort van de boom en van de plek. Kijk in het Omgevingsloket of vraag "
        "het ons. Kapt u zonder vergunning terwijl die wel nodig is? Dan kunt u een boete "
        "krijgen en moet u misschien een nieuwe boom planten.",
        "boom kappen kapvergunning omgevingsvergunning tuin bomen",
        OMGEVING,
    ),
    Article(
        "Hoe lang duurt het om een omgevingsvergunning te krijgen?",
        "Voor de meeste aanvragen beslissen wij binnen 8 weken. Dit heet de reguliere "
        "procedure. Wij kunnen die termijn één keer met 6 weken verlengen. Ontbreken er "
        "gegevens? Dan vragen wij u die aan te vullen. De termijn staat dan stil. Voor grote "
        "of ingewikkelde plannen geldt soms een procedure van 6 maanden.",
        "omgevingsvergunning beslistermijn termijn duur aanvraag procedure",
        OMGEVING,
    ),
    Article(
        "Slopen of asbest verwijderen",
        "Gaat u slopen of asbest verwijderen? Dan moet u dat meestal minstens 4 weken van "
        "tevoren melden in het Omgevingsloket. Asbest mag u alleen in bepaalde gevallen zelf "
        "verwijderen. Breng het verpakt naar de milieustraat.",
        "slopen sloopmelding asbest verbouwen melding",
        OMGEVING,
    ),
    # --- Evenementen ---
    Article(
        "Evenementenvergunning aanvragen",
        "Organiseert u een evenement, zoals een markt, festival of groot buurtfeest? Dan "
        "heeft u vaak een evenementenvergunning nodig. Vraag de vergunning op tijd aan, voor "
        "grote evenementen minstens 12 weken van tevoren. Wij vragen advies aan de politie "
        "en de brandweer. Wij beslissen binnen 8 weken. Beslissen wij niet op tijd? Dan "
        "krijgt u de vergunning automatisch.",
        "evenement evenementenvergunning festival markt buurtfeest",
        EVENEMENT,
    ),
    Article(
        "Straatfeest of buurtbarbecue organiseren",
        "Wilt u een straatfeest of buurtbarbecue houden? Voor een klein feest is een melding "
        "bij de gemeente vaak genoeg. Moet de straat dicht voor verkeer, of komen er veel "
        "bezoekers? Dan heeft u een evenementenvergunning nodig.",
        "straatfeest buurtfeest barbecue melding klein evenement straat afsluiten",
        EVENEMENT,
    ),
    Article(
        "Ontheffing om alcohol te schenken op een evenement",
        "Wilt u op een evenement bier of wijn verkopen? Dan heeft u een ontheffing nodig "
        "(artikel 35 van de Alcoholwet). Vraag die tegelijk aan met de "
        "evenementenvergunning. Tijdens het schenken is er altijd een leidinggevende met een "
        "Verklaring Sociale Hygiëne.",
        "alcohol ontheffing schenken bier wijn evenement alcoholwet",
        EVENEMENT,
        KnowledgeArticle.Audience.BUSINESSES,
    ),
    # --- Trouwen, geboorte en overlijden ---
    Article(
        "Trouwen of geregistreerd partnerschap",
        "Wilt u trouwen of een geregistreerd partnerschap sluiten? Meld dit dan eerst bij de "
        "gemeente. Dat heet de melding voorgenomen huwelijk. Doe dit minstens 2 weken en "
        "hoogstens 1 jaar voor de datum. Dat kan online met DigiD. Daarna kiest u een datum, "
        "een locatie en een trouwambtenaar (babs). U heeft 2 tot 4 getuigen nodig.",
        "trouwen huwelijk geregistreerd partnerschap ondertrouw voorgenomen getuigen babs",
    ),
    Article(
        "Gratis of eenvoudig trouwen",
        "Wilt u trouwen zonder veel kosten? Op vaste momenten kunt u gratis of goedkoop "
        "trouwen in het stadhuis. De ceremonie is kort en zonder toespraak. U neemt zelf 2 "
        "getuigen mee. Op onze website staan de data.",
        "gratis trouwen goedkoop eenvoudig huwelijk stadhuis",
    ),
    Article(
        "Geboorte aangeven",
        "Is uw kind geboren? Doe dan binnen 3 dagen aangifte bij de gemeente waar uw kind is "
        "geboren. Valt er een weekend of feestdag in die dagen? Dan heeft u iets langer. "
        "Maak een afspraak of doe de aangifte online. Uw kind krijgt dan een "
        "burgerservicenummer (BSN).",
        "geboorte aangifte baby kind geboren BSN",
    ),
    Article(
        "Een kind erkennen",
        "Bent u niet getrouwd en heeft u geen geregistreerd partnerschap? Dan is de vader of "
        "meemoeder niet vanzelf de juridische ouder. Daarvoor moet hij of zij het kind "
        "erkennen. Dat kan al tijdens de zwangerschap, bij elke gemeente in Nederland. De "
        "moeder moet toestemming geven. Maak een afspraak.",
        "erkenning erkennen kind vader meemoeder zwangerschap ongeboren",
    ),
    Article(
        "Overlijden aangeven",
        "Is er iemand overleden? Dan wordt het overlijden aangegeven bij de gemeente waar "
        "de persoon is overleden. Meestal doet de uitvaartondernemer dit voor u. Daarna "
        "maken wij een akte van overlijden. De begrafenis of crematie is uiterlijk op de "
        "zesde werkdag na het overlijden.",
        "overlijden overleden aangifte uitvaart begrafenis crematie akte",
    ),
    Article(
        "Nederlander worden (naturalisatie)",
        "Wilt u de Nederlandse nationaliteit? Dan kunt u een verzoek tot naturalisatie doen "
        "bij de gemeente. Meestal woont u dan al minstens 5 jaar in Nederland en heeft u uw "
        "inburgeringsdiploma. Maak een afspraak. De IND beslist over uw verzoek. Daarna "
        "volgt de naturalisatieceremonie bij de gemeente.",
        "naturalisatie Nederlander worden nationaliteit IND inburgering",
    ),
    # --- Contact met de gemeente ---
    Article(
        "Een klacht indienen over de gemeente",
        "Bent u niet tevreden over hoe een medewerker van de gemeente u heeft behandeld? "
        "Dien dan een klacht in. Dat kan via het formulier op de website, per brief of "
        "telefonisch. Doe dit binnen een jaar. Wij nemen eerst contact met u op om samen naar "
        "een oplossing te zoeken. U krijgt binnen 6 weken een reactie. Bent u daarna nog "
        "niet tevreden? Dan kunt u naar de Nationale ombudsman.",
        "klacht klachten ontevreden behandeling medewerker ombudsman",
        KLACHT,
    ),
    Article(
        "Bezwaar maken tegen een besluit",
        "Bent u het niet eens met een besluit van de gemeente? Dan kunt u bezwaar maken. Doe "
        "dit binnen 6 weken na de datum van het besluit. Schrijf in uw bezwaar uw naam en "
        "adres, de datum, over welk besluit het gaat en waarom u het er niet mee eens bent. "
        "Zet uw handtekening eronder. Een bezwaar is iets anders dan een klacht: een klacht "
        "gaat over hoe u bent behandeld.",
        "bezwaar bezwaarschrift besluit beroep niet eens",
    ),
    Article(
        "Openingstijden van het stadskantoor",
        "Het stadskantoor is open van maandag tot en met vrijdag, van 9.00 tot 17.00 uur. Op "
        "donderdag zijn wij open tot 20.00 uur. Voor de meeste zaken aan de balie heeft u "
        "een afspraak nodig. Telefonisch zijn wij op werkdagen bereikbaar van 8.30 tot 17.00 "
        "uur via 14 en het netnummer.",
        "openingstijden open stadskantoor gemeentehuis balie bereikbaar telefoon",
    ),
    Article(
        "Een afspraak maken",
        "Voor de meeste zaken aan de balie heeft u een afspraak nodig. Maak een afspraak via "
        "de website of bel 14 en het netnummer. Kunt u niet komen? Zeg de afspraak dan af "
        "via de link in de bevestigingsmail. Dan kan iemand anders uw plek krijgen.",
        "afspraak maken plannen annuleren afzeggen verzetten balie",
    ),
    Article(
        "DigiD aanvragen en activeren",
        "Met DigiD logt u veilig in bij de overheid. U vraagt DigiD aan op digid.nl. Binnen "
        "een paar werkdagen krijgt u een brief met een activeringscode. Daarmee zet u uw "
        "DigiD aan. Gebruik de DigiD app: dat is veilig en makkelijk. Lukt het niet? Kom "
        "dan naar het Informatiepunt Digitale Overheid.",
        "DigiD inloggen aanvragen activeren activeringscode app",
    ),
    Article(
        "DigiD wachtwoord vergeten",
        "Bent u uw wachtwoord of gebruikersnaam van DigiD vergeten? Ga naar digid.nl en "
        "kies 'Inloggegevens vergeten'. Gebruikt u de DigiD app? Dan kunt u die opnieuw "
        "instellen. De gemeente kan uw wachtwoord niet voor u herstellen, maar wij helpen "
        "u graag op weg.",
        "DigiD wachtwoord vergeten gebruikersnaam kwijt inloggen lukt niet",
    ),
    Article(
        "Verklaring Omtrent het Gedrag (VOG) aanvragen",
        "Een VOG laat zien dat uw gedrag in het verleden geen bezwaar is voor een baan of "
        "vrijwilligerswerk. Meestal vraagt uw werkgever de VOG digitaal voor u aan bij "
        "Justis. U krijgt dan een e-mail en betaalt online. Kan dat niet? Dan vraagt u de "
        "VOG aan bij de gemeente, met een formulier van uw werkgever.",
        "VOG verklaring omtrent gedrag Justis werkgever vrijwilligerswerk",
    ),
    Article(
        "Overlast van buren",
        "Heeft u last van uw buren, bijvoorbeeld van lawaai? Praat er eerst rustig met hen "
        "over. Lukt dat niet? Dan kan buurtbemiddeling helpen. Vrijwilligers helpen u en uw "
        "buren om samen een oplossing te vinden. Huurt u? Neem dan ook contact op met uw "
        "verhuurder. Is er direct gevaar? Bel 112.",
        "overlast buren geluid lawaai buurtbemiddeling ruzie",
    ),
    Article(
        "Op vakantie buiten de schoolvakanties (leerplicht)",
        "Wilt u met uw kind op vakantie buiten de schoolvakanties? Dat mag alleen als u door "
        "uw werk in geen enkele schoolvakantie weg kunt. Vraag dan verlof aan bij de "
        "directeur van de school, minstens 8 weken van tevoren. De leerplichtambtenaar van "
        "de gemeente controleert dit.",
        "leerplicht verlof vakantie school leerplichtambtenaar",
    ),
    Article(
        "Doorverwijzen: vragen die niet bij de gemeente horen",
        "Voor medewerkers. Vragen over toeslagen en inkomstenbelasting: verwijs naar de "
        "BelastingTelefoon. Vragen over WW of WIA: verwijs naar het UWV. Vragen over de "
        "bijstand beantwoorden wij zelf. Leg het contact vast met de uitkomst "
        "'doorverwezen'.",
        "doorverwijzen doorverbinden belastingdienst UWV intern",
        audience=KnowledgeArticle.Audience.INTERNAL,
    ),
]


def seed_knowledge_articles() -> int:
    """Load ARTICLES into the active organisation; returns how many were new.

    Idempotent by question: an article that exists is left as it is (an editor may have
    changed it). New articles are linked to their product when that code exists.
    """
    organisation = require_organisation()
    existing = set(KnowledgeArticle.objects.values_list("question", flat=True))
    new = [article for article in ARTICLES if article.question not in existing]
    created = KnowledgeArticle.objects.bulk_create(
        KnowledgeArticle(
            organisation=organisation,
            question=article.question,
            answer=article.answer,
            keywords=article.keywords,
            audience=article.audience,
            valid_from=VALID_FROM,
        )
        for article in new
    )
    products = dict(
        Product.objects.filter(code__in={a.product for a in new if a.product}).values_list(
            "code", "pk"
        )
    )
    Link = KnowledgeArticle.products.through
    Link.objects.bulk_create(
        Link(knowledgearticle_id=instance.pk, product_id=products[article.product])
        for instance, article in zip(created, new, strict=True)
        if article.product in products
    )
    return len(created)
