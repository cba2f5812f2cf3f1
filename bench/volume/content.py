"""Word lists the benchmark data is drawn from. Made up: no real people or companies.

Names are common Swedish and immigrant given names and surnames combined at random; the
organisations are a made-up place name, a trade and a company form.
"""

# Sector codes (portal.models.SECTORS) with a weight: how often an organisation is in it.
SECTOR_WEIGHTS = {
    "retail": 16, "hospitality": 12, "health-care": 14, "education": 7, "construction": 8, "manufacturing": 9,
    "transport": 8, "cleaning-property": 8, "it-communication": 5, "public-administration": 6,
    "culture-leisure": 4, "other": 3,
}

# Per sector: (title, occupation, tasks, learning goals). Slots draw from their organisation's sector.
OCCUPATIONS = {
    "retail": [
        ("Butiksbiträde", "Shop assistant", "Fill shelves, serve customers at the till, receive deliveries.",
         ["Serve customers in Swedish", "Handle the till", "Receive and check deliveries"]),
        ("Lagermedarbetare", "Warehouse worker", "Pick orders, pack parcels and keep the stock room in order.",
         ["Pick orders with a hand scanner", "Follow the safety rules of the stock room"]),
    ],
    "hospitality": [
        ("Kafébiträde", "Café assistant", "Make coffee, serve customers, clean tables and the counter.",
         ["Serve customers in Swedish", "Handle the coffee machine", "Follow the hygiene routines"]),
        ("Kockbiträde", "Kitchen assistant", "Prepare vegetables, wash up, help the cooks with lunch.",
         ["Prepare food safely", "Follow the kitchen's hygiene plan", "Work to a lunch-time schedule"]),
    ],
    "health-care": [
        ("Vårdbiträde", "Care assistant", "Help residents with meals, walks and daily routines under supervision.",
         ["Talk with residents in Swedish", "Follow the basic hygiene rules", "Write short notes"]),
        ("Kökspersonal äldreboende", "Kitchen assistant", "Serve meals to residents, set tables, wash up.",
         ["Serve special diets correctly", "Follow the hygiene routines"]),
    ],
    "education": [
        ("Elevassistent", "Teaching assistant", "Support pupils in the classroom and in breaks, help the teacher.",
         ["Support pupils who need help", "Communicate with teachers in Swedish"]),
        ("Barnskötare", "Childcare assistant", "Play with the children, help at meals and outdoor activities.",
         ["Lead a simple activity", "Follow the preschool's routines"]),
    ],
    "construction": [
        ("Byggarbetare", "Construction worker", "Carry material, tidy the site, help the carpenters.",
         ["Use hand tools safely", "Follow the site's safety rules", "Read a simple drawing"]),
        ("Målare", "Painter", "Cover floors, sand and prime walls, paint under supervision.",
         ["Prepare surfaces for painting", "Handle paint and solvents safely"]),
    ],
    "manufacturing": [
        ("Maskinoperatör", "Machine operator", "Feed the machine, check parts against the drawing, report faults.",
         ["Run the machine safely", "Measure parts with a calliper", "Report deviations"]),
        ("Montör", "Assembler", "Assemble components at a station, check quality, keep the station clean.",
         ["Assemble to the work instruction", "Check quality at the station"]),
    ],
    "transport": [
        ("Lagerarbetare", "Warehouse worker", "Pick orders and drive a forklift, load and unload lorries.",
         ["Drive a forklift safely", "Pick orders with a scanner"]),
        ("Budbilsbiträde", "Delivery assistant", "Load the van, plan the route with the driver, deliver parcels.",
         ["Plan a delivery route", "Meet customers at the door in Swedish"]),
    ],
    "cleaning-property": [
        ("Lokalvårdare", "Cleaner", "Clean offices and stairwells to a schedule, handle cleaning machines.",
         ["Use cleaning agents safely", "Work to a cleaning schedule"]),
        ("Fastighetsskötare", "Caretaker", "Tidy outdoor areas, change light bulbs, help tenants with small faults.",
         ["Report faults in the property system", "Talk with tenants in Swedish"]),
    ],
    "it-communication": [
        ("IT-supporttekniker", "IT support technician", "Answer support tickets, set up computers, help users.",
         ["Set up a computer for a new user", "Explain a solution to a user in Swedish"]),
        ("Webbredaktör", "Web editor", "Publish texts and images on the website, check links and accessibility.",
         ["Publish in the content system", "Write plain Swedish for the web"]),
    ],
    "public-administration": [
        ("Administratör", "Administrative assistant", "Register documents, answer the phone, book rooms.",
         ["Register documents correctly", "Answer the phone in Swedish"]),
        ("Receptionist", "Receptionist", "Meet visitors, hand out badges, answer questions at the desk.",
         ["Meet visitors in Swedish", "Follow the security routines at the desk"]),
    ],
    "culture-leisure": [
        ("Biblioteksassistent", "Library assistant", "Shelve books, help visitors find media, prepare events.",
         ["Help visitors find what they look for", "Use the library system"]),
        ("Fritidsledare", "Youth leisure worker", "Lead activities for young people in the evenings.",
         ["Lead a group activity", "Handle conflicts calmly"]),
    ],
    "other": [
        ("Kontorsassistent", "Office assistant", "Sort mail, scan documents, order office supplies.",
         ["Scan and file documents", "Order supplies in the purchasing system"]),
    ],
}

GIVEN_NAMES = {
    "woman": ["Anna", "Maria", "Fatima", "Amina", "Sara", "Elin", "Leila", "Olena", "Hanna", "Ida", "Nour", "Emma",
              "Hodan", "Sofia", "Mariam", "Aisha", "Johanna", "Zahra", "Linnea", "Yasmin"],
    "man": ["Erik", "Lars", "Ahmed", "Mohammed", "Karim", "Johan", "Ali", "Tesfay", "Anders", "Omar", "Jonas",
            "Hassan", "Mikael", "Yusuf", "Daniel", "Abdi", "Per", "Samir", "Oskar", "Dawit"],
    "other": ["Sam", "Alex", "Kim", "Robin", "Noa", "Charlie", "Mika", "Love"],
}
SURNAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Hassan", "Ali", "Mohamed",
            "Haddad", "Lindqvist", "Berg", "Kovalenko", "Gebremedhin", "Lundgren", "Ahmadi", "Svensson", "Öberg",
            "Yilmaz", "Nowak", "Warsame", "Holm", "Rahimi", "Åkesson"]

EDUCATION = [
    "Nine years of school", "Upper secondary school (Somalia); SFI course C", "Upper secondary school, restaurant programme",
    "Vocational training as electrician (Syria)", "University degree in accounting (Ukraine)",
    "Upper secondary school, care programme", "Forklift licence course", "Bachelor's degree in economics (Iran)",
    "Upper secondary school, building and construction programme", "SFI course D; basic adult education",
    "Vocational training in cooking", "Upper secondary school, child and leisure programme",
]
EXPERIENCE = [
    "Three years in a family shop: till, stock, customers", "Ten years as electrician in housing construction",
    "Warehouse work in Eritrea and Sweden", "Summer jobs in a café", "Cleaning offices for two years",
    "Cared for elderly relatives at home", "Assembly work in a car factory", "Taxi driver for five years",
    "Teacher in primary school for eight years", "Kitchen work in a restaurant", "No previous work experience",
    "Painter and decorator for six years", "Office work and bookkeeping in a small firm",
]
DEVELOPMENT = [
    "Practise Swedish with customers", "Learn Swedish retail routines", "Forklift practice and Swedish at work",
    "Swedish bookkeeping software and tax rules", "Work training after a long sick leave; regular hours",
    "Learn hygiene routines in a Swedish kitchen", "A route to work in elderly care", "Safety rules on a building site",
    "Learn to work with children in a Swedish preschool", "Customer service on the phone in Swedish",
]
OTHER_LANGUAGES = ["Arabic", "Somali", "Tigrinya", "Dari", "Persian", "English", "Polish", "Ukrainian", "Spanish",
                   "Turkish", "Kurdish", "Bosnian"]

PLACES = ["Norrby", "Söderå", "Västervik", "Österlund", "Bergslagen", "Ekdal", "Granhult", "Björkvik", "Almsta",
          "Lövnäs", "Stenby", "Hagaberg", "Sjöstad", "Tallbacka", "Rosendal", "Ängsvik", "Kvarnby", "Furulund"]
TRADES = {
    "retail": ["Livs", "Handel", "Järn", "Mode"], "hospitality": ["Kafé", "Restaurang", "Bageri", "Hotell"],
    "health-care": ["Omsorg", "Vård", "Äldreboende"], "education": ["Förskola", "Skola", "Fritids"],
    "construction": ["Bygg", "Måleri", "Snickeri"], "manufacturing": ["Verkstad", "Mekaniska", "Plast"],
    "transport": ["Logistik", "Åkeri", "Frakt"], "cleaning-property": ["Städ", "Fastighetsservice", "Lokalvård"],
    "it-communication": ["Data", "IT-konsult", "Webb"], "public-administration": ["kommun, förvaltningen", "Region, kansliet"],
    "culture-leisure": ["Bibliotek", "Kulturhus", "Idrottsförening"], "other": ["Service", "Kontorstjänst"],
}
COMPANY_FORMS = ["AB", "AB", "AB", "HB", "ekonomisk förening"]
STREETS = ["Storgatan", "Kyrkvägen", "Industrivägen", "Hamngatan", "Skolgatan", "Järnvägsgatan", "Torget",
           "Lagervägen", "Parkgatan", "Verkstadsgatan"]
CITIES = [("111 22", "Stockholm"), ("411 05", "Göteborg"), ("211 20", "Malmö"), ("753 20", "Uppsala"),
          ("702 10", "Örebro"), ("582 24", "Linköping"), ("903 26", "Umeå"), ("721 30", "Västerås")]
SCHEDULES = ["Monday to Friday, 8–16", "Monday to Friday, 9–15", "Monday to Thursday, 8–15", "Shifts 7–16 and 12–21",
             "Weekdays 9–14"]

END_NOTES = ["", "", "Started a course at the adult education centre.", "Offered an hourly job at another firm.",
             "Long illness; will come back to the coordinator.", "The tasks did not suit the participant."]
WENT_WELL = ["Punctual and eager to learn.", "Good with customers.", "Learned the routines quickly.",
             "Worked well in the team.", ""]
COULD_DEVELOP = ["More Swedish vocabulary for the trade.", "Ask for help earlier.", "Work more independently.", ""]
LEARNED = ["Swedish at work and the routines of the workplace.", "How to drive a forklift safely.",
           "How a Swedish kitchen works.", "Talking with customers.", ""]
FREE_TEXT = ["", "", "My supervisor had time for me.", "I wanted more varied tasks.", "Thank you for the chance."]
OBJECTION_REASONS = ["Too many hours for a first placement", "The supervisor has no time set aside",
                     "Staff were laid off in this role last year", "The tasks look like a vacancy"]
