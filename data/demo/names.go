package demo

// Word lists for invented but plausible French customers. Every entry is real French
// vocabulary or a common family name; the combinations are fictitious.

// familyNames are among the most common French surnames.
var familyNames = []string{
	"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois",
	"Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David",
	"Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine",
	"Rousseau", "Vincent", "Muller", "Lefebvre", "Faure", "André", "Mercier", "Blanc",
	"Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
	"Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu",
	"Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Lemaire", "Noël",
	"Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud", "Joly", "Rivière",
	"Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard", "Roche",
	"Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron", "Picard",
	"Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier",
	"Philippe", "Bourgeois", "Benoît", "Rey", "Leclerc", "Rolland", "Leclercq", "Guillaume",
	"Lecomte", "Lopez", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez",
	"Dupuis", "Moulin", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury",
	"Royer", "Klein", "Jacquet", "Adam", "Poirier", "Marty", "Aubry", "Guyot",
	"Carré", "Renault", "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly",
	"Hervé", "Schneider", "Fernandez", "Le Gall", "Collet", "Léger", "Bouvier", "Prévost",
	"Millet", "Perrot", "Le Roux", "Cousin", "Germain", "Breton", "Besson", "Langlois",
	"Rémy", "Le Goff", "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun",
	"Marchal", "Weber", "Mallet", "Hamon", "Jacob", "Monnier", "Michaud", "Rodriguez",
	"Guichard", "Gillet", "Étienne", "Poulain", "Tessier", "Chevallier", "Collin", "Chauvin",
	"Da Silva", "Bouchet", "Gay", "Lemaître", "Bénard", "Maréchal", "Humbert", "Reynaud",
	"Perret", "Barthélemy", "Cordier", "Pichon", "Lejeune", "Lamy", "Delaunay", "Pasquier",
	"Carlier", "Laporte", "Chabert", "Vial", "Bouvet", "Ducret", "Favre", "Jourdan",
}

var femaleFirstNames = []string{
	"Sophie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Valérie", "Christine", "Sandrine",
	"Véronique", "Céline", "Stéphanie", "Aurélie", "Émilie", "Julie", "Camille", "Laetitia",
	"Hélène", "Martine", "Françoise", "Brigitte", "Chloé", "Léa", "Manon", "Élodie",
	"Karine", "Delphine", "Agnès", "Mélanie", "Virginie", "Anne-Sophie", "Marie-Claire", "Noémie",
}

var maleFirstNames = []string{
	"Jean-Pierre", "Philippe", "Michel", "Alain", "Patrick", "Nicolas", "Christophe", "Pierre",
	"Laurent", "Frédéric", "Sébastien", "Stéphane", "David", "Olivier", "Éric", "Thierry",
	"Julien", "Jérôme", "François", "Didier", "Pascal", "Bruno", "Jean-Luc", "Guillaume",
	"Mathieu", "Thomas", "Antoine", "Cédric", "Yannick", "Hervé", "Loïc", "Benoît",
}

// crafts name a tradesman's business: "Menuiserie Dubois".
var crafts = []string{
	"Boulangerie", "Boucherie", "Menuiserie", "Plomberie", "Garage", "Carrosserie",
	"Maçonnerie", "Charpente", "Couverture", "Peinture", "Serrurerie", "Ébénisterie",
	"Pâtisserie", "Électricité", "Chauffage", "Taxis", "Fleurs", "Miroiterie",
	"Tapisserie", "Ferronnerie", "Salon de coiffure", "Imprimerie", "Cordonnerie", "Vitrerie",
}

// trades follow a family name: "Moreau Paysages".
var trades = []string{
	"Paysages", "Électricité", "Rénovation", "Bâtiment", "Toitures", "Chauffage",
	"Carrelage", "Isolation", "Motoculture", "Agencement", "Climatisation", "Frères",
	"& Fils", "et Fils", "Services", "Automobiles",
}

// firms precede a family name for companies: "Transports Girard".
var firms = []string{
	"Transports", "Établissements", "Cabinet", "Ateliers", "Laboratoires", "Imprimerie",
	"Tôlerie", "Chaudronnerie", "Mécanique", "Pharmacie", "Clinique vétérinaire", "Hôtel",
	"Ambulances", "Distribution", "Librairie", "Quincaillerie", "Auto-école", "Entreprise",
	"Maison", "Scierie", "Brasserie", "Fromagerie", "Domaine", "Pépinières",
}

// Invented brand names are a prefix and a suffix: "Alpinox", "Rhônatec".
var brandPrefixes = []string{
	"Alpi", "Rhôna", "Armor", "Atlan", "Provi", "Lugdu", "Séqua", "Auver", "Méca", "Techni",
	"Électro", "Hydro", "Thermi", "Plasti", "Bati", "Agri", "Sofra", "Val", "Dauphi", "Forez",
	"Lorra", "Norma", "Aqui", "Garo", "Ligé", "Cévé", "Bréta", "Savoi", "Vosgi", "Jura",
}

var brandSuffixes = []string{
	"nox", "tec", "métal", "flex", "pro", "plast", "log", "bat", "méca", "dis",
	"form", "clean", "pack", "fil", "therm", "sol", "line", "tub", "print", "bois",
}

// Names of larger companies: "Société dauphinoise de chaudronnerie".
var regionalAdjectives = []string{
	"lyonnaise", "nantaise", "rennaise", "stéphanoise", "auvergnate", "dauphinoise",
	"savoyarde", "bretonne", "alsacienne", "normande", "provençale", "bourguignonne",
	"forézienne", "ligérienne", "jurassienne", "rhodanienne", "grenobloise", "angevine",
}

var industries = []string{
	"mécanique", "chaudronnerie", "logistique", "travaux publics", "distribution",
	"emballage", "plasturgie", "fonderie", "décolletage", "maintenance industrielle",
	"menuiserie industrielle", "peinture industrielle", "transports", "nettoyage",
	"restauration collective", "matériaux", "traitement de surface", "électricité",
}

var bigSuffixes = []string{"Industries", "France", "Groupe", "Services", "Distribution", "Logistique"}

// Public buyers.
var publicBodies = []string{
	"Mairie", "Centre hospitalier", "Communauté de communes", "Syndicat des eaux",
	"Centre communal d'action sociale", "Office de tourisme", "Régie des transports",
}

var schoolNames = []string{
	"Jean Moulin", "Victor Hugo", "Jules Ferry", "Marie Curie", "Louise Michel",
	"Pierre Mendès France", "Jean Jaurès", "Simone Veil", "Paul Langevin", "Albert Camus",
}

var schoolKinds = []string{"Lycée professionnel", "Collège", "Lycée", "École élémentaire"}

var streetTypes = []string{
	"rue", "rue", "rue", "rue", "rue", "avenue", "avenue", "boulevard", "impasse", "allée",
	"chemin", "place", "route", "quai",
}

var streetNames = []string{
	"de la République", "Victor Hugo", "Jean Jaurès", "Pasteur", "de la Gare",
	"du Général de Gaulle", "des Lilas", "Gambetta", "de Verdun", "de la Paix", "Voltaire",
	"du Moulin", "de l'Église", "des Écoles", "Émile Zola", "Jules Ferry", "de la Liberté",
	"du 8 Mai 1945", "Carnot", "de Paris", "du Stade", "des Artisans", "de l'Industrie",
	"Ampère", "Denis Papin", "Gustave Eiffel", "des Frères Lumière", "du Château",
	"des Tilleuls", "Antoine de Saint-Exupéry", "Georges Clemenceau", "Jean Moulin",
	"Marcel Pagnol", "des Peupliers", "de la Fontaine", "du Commerce", "Anatole France",
	"Léon Blum", "du Maréchal Foch", "des Acacias", "Louis Pergaud", "des Vergers",
}

var businessParks = []string{
	"ZI des Bruyères", "ZA du Moulin", "ZI Nord", "ZAC des Portes", "Parc d'activités de la Plaine",
	"ZI du Champ de Mars", "ZA des Grands Prés", "Parc d'activités des Chênes", "ZI Sud",
}

// city is a commune with postcodes of its own département and its telephone zone
// (01 Île-de-France … 05 south-west). Weight favours the Lyon region, where the demo
// wholesaler sells most.
type city struct {
	Name      string
	PostCodes []string
	Zone      byte
	Weight    int
}

var cities = []city{
	{"Lyon", []string{"69001", "69002", "69003", "69004", "69005", "69006", "69007", "69008", "69009"}, '4', 12},
	{"Villeurbanne", []string{"69100"}, '4', 5},
	{"Vénissieux", []string{"69200"}, '4', 3},
	{"Bron", []string{"69500"}, '4', 2},
	{"Villefranche-sur-Saône", []string{"69400"}, '4', 3},
	{"Saint-Priest", []string{"69800"}, '4', 3},
	{"Saint-Étienne", []string{"42000", "42100"}, '4', 6},
	{"Roanne", []string{"42300"}, '4', 2},
	{"Montbrison", []string{"42600"}, '4', 1},
	{"Grenoble", []string{"38000", "38100"}, '4', 5},
	{"Vienne", []string{"38200"}, '4', 2},
	{"Bourgoin-Jallieu", []string{"38300"}, '4', 2},
	{"Voiron", []string{"38500"}, '4', 1},
	{"Annecy", []string{"74000"}, '4', 3},
	{"Annemasse", []string{"74100"}, '4', 1},
	{"Chambéry", []string{"73000"}, '4', 2},
	{"Aix-les-Bains", []string{"73100"}, '4', 1},
	{"Valence", []string{"26000"}, '4', 2},
	{"Montélimar", []string{"26200"}, '4', 1},
	{"Annonay", []string{"07100"}, '4', 1},
	{"Privas", []string{"07000"}, '4', 1},
	{"Bourg-en-Bresse", []string{"01000"}, '4', 2},
	{"Oyonnax", []string{"01100"}, '4', 1},
	{"Clermont-Ferrand", []string{"63000", "63100"}, '4', 4},
	{"Riom", []string{"63200"}, '4', 1},
	{"Vichy", []string{"03200"}, '4', 1},
	{"Montluçon", []string{"03100"}, '4', 1},
	{"Le Puy-en-Velay", []string{"43000"}, '4', 1},
	{"Aurillac", []string{"15000"}, '4', 1},
	{"Marseille", []string{"13001", "13003", "13008", "13010", "13015"}, '4', 3},
	{"Aix-en-Provence", []string{"13090", "13100"}, '4', 1},
	{"Avignon", []string{"84000"}, '4', 1},
	{"Nîmes", []string{"30000", "30900"}, '4', 1},
	{"Montpellier", []string{"34000", "34070"}, '4', 2},
	{"Nice", []string{"06000", "06200"}, '4', 1},
	{"Toulon", []string{"83000", "83100"}, '4', 1},
	{"Paris", []string{"75008", "75011", "75012", "75015", "75017", "75019"}, '1', 3},
	{"Boulogne-Billancourt", []string{"92100"}, '1', 1},
	{"Nanterre", []string{"92000"}, '1', 1},
	{"Saint-Denis", []string{"93200"}, '1', 1},
	{"Créteil", []string{"94000"}, '1', 1},
	{"Versailles", []string{"78000"}, '1', 1},
	{"Nantes", []string{"44000", "44100", "44200", "44300"}, '2', 2},
	{"Saint-Nazaire", []string{"44600"}, '2', 1},
	{"Rennes", []string{"35000", "35200", "35700"}, '2', 2},
	{"Angers", []string{"49000", "49100"}, '2', 1},
	{"Le Mans", []string{"72000", "72100"}, '2', 1},
	{"Tours", []string{"37000", "37100"}, '2', 1},
	{"Orléans", []string{"45000", "45100"}, '2', 1},
	{"Rouen", []string{"76000", "76100"}, '2', 1},
	{"Caen", []string{"14000"}, '2', 1},
	{"Brest", []string{"29200"}, '2', 1},
	{"Dijon", []string{"21000"}, '3', 2},
	{"Besançon", []string{"25000"}, '3', 1},
	{"Mâcon", []string{"71000"}, '3', 2},
	{"Chalon-sur-Saône", []string{"71100"}, '3', 1},
	{"Strasbourg", []string{"67000", "67100", "67200"}, '3', 1},
	{"Mulhouse", []string{"68100", "68200"}, '3', 1},
	{"Nancy", []string{"54000"}, '3', 1},
	{"Metz", []string{"57000", "57050"}, '3', 1},
	{"Reims", []string{"51100"}, '3', 1},
	{"Lille", []string{"59000", "59800"}, '3', 1},
	{"Bordeaux", []string{"33000", "33300", "33800"}, '5', 1},
	{"Mérignac", []string{"33700"}, '5', 1},
	{"Toulouse", []string{"31000", "31200", "31400"}, '5', 2},
	{"Limoges", []string{"87000", "87100"}, '5', 1},
	{"Poitiers", []string{"86000"}, '5', 1},
	{"Pau", []string{"64000"}, '5', 1},
	{"Bayonne", []string{"64100"}, '5', 1},
}

// Contact roles, by segment. The accounts-payable desk is who a collector writes to.
const (
	roleAP        = "Comptabilité fournisseurs"
	roleBuyer     = "Responsable achats"
	roleFinance   = "Service des finances"
	roleSecretary = "Secrétariat"
	roleTown      = "Secrétaire de mairie"
	roleTechnical = "Responsable des services techniques"
	roleSchool    = "Gestionnaire"
)

// webmails many tradesmen use instead of a domain of their own.
var webmails = []string{"orange.fr", "gmail.com", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr"}

// Dispute notes by reason, as a collector would type them after a call.
var disputeNotes = map[string][]string{
	"goods_not_received": {
		"Le client dit ne pas avoir reçu la livraison (BL non signé).",
		"Palette annoncée livrée par le transporteur, jamais réceptionnée selon le magasinier.",
		"Livraison partielle : il manque deux cartons sur cinq.",
	},
	"quality": {
		"Cartons de ramettes abîmés à la livraison, photos transmises.",
		"Lot de gants de protection non conforme à la commande.",
		"Produits défectueux, le client demande un retour et un avoir.",
	},
	"price": {
		"Conteste le prix unitaire : attendait le tarif de l'année précédente.",
		"Remise de 5 % négociée non appliquée sur la facture.",
		"Écart entre le devis accepté et la facture.",
	},
	"invoice_not_received": {
		"Facture jamais reçue, à renvoyer au service comptable.",
		"Facture envoyée à l'ancienne adresse, le client demande un duplicata.",
	},
	"other": {
		"Numéro de bon de commande manquant, la facture est bloquée à la réception.",
		"Facture adressée à la mauvaise entité du groupe.",
	},
}

// Promise notes; %s is the contact who made the promise.
var promiseNotes = []string{
	"Virement annoncé par %s au téléphone.",
	"Chèque en cours d'envoi selon %s.",
	"%s confirme le règlement à la prochaine campagne de paiements.",
	"Paiement promis par e-mail par %s.",
	"%s attend le paiement de son propre client pour régler.",
}
