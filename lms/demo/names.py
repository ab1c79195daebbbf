"""Word lists the synthetic learners are drawn from: Kenyan names, job titles, places.

Plain ASCII on purpose: every name passes the profile's name validator, and exports and
PDFs of synthetic data show no encoding issue that real data would not also show.
"""

FIRST_NAMES_FEMALE = (
    "Achieng",
    "Akinyi",
    "Amina",
    "Anyango",
    "Atieno",
    "Chebet",
    "Cherono",
    "Faith",
    "Fatuma",
    "Grace",
    "Halima",
    "Jepchirchir",
    "Jepkosgei",
    "Joy",
    "Kanini",
    "Kawira",
    "Lilian",
    "Makena",
    "Mercy",
    "Moraa",
    "Mumbua",
    "Mwende",
    "Nafula",
    "Naliaka",
    "Nanjala",
    "Nasimiyu",
    "Nekesa",
    "Njeri",
    "Nyambura",
    "Nyokabi",
    "Rehema",
    "Saida",
    "Wambui",
    "Wangari",
    "Wanjiku",
    "Wanjiru",
    "Zawadi",
    "Zipporah",
)
FIRST_NAMES_MALE = (
    "Abdi",
    "Baraka",
    "Barasa",
    "Brian",
    "Cheruiyot",
    "Duncan",
    "Hassan",
    "Ibrahim",
    "Jomo",
    "Juma",
    "Kamau",
    "Kibet",
    "Kimani",
    "Kiprono",
    "Kipruto",
    "Kiptoo",
    "Mohamed",
    "Mutua",
    "Mwangi",
    "Njoroge",
    "Ochieng",
    "Odhiambo",
    "Omondi",
    "Onyango",
    "Otieno",
    "Ouma",
    "Peter",
    "Simiyu",
    "Wafula",
    "Wanyama",
    "Wekesa",
)
FIRST_NAMES_ANY = ("Amani", "Imani", "Neema", "Baraka", "Furaha", "Tumaini")
SURNAMES = (
    "Abdi",
    "Achieng",
    "Adan",
    "Chege",
    "Cheruiyot",
    "Gitau",
    "Hassan",
    "Kamau",
    "Karanja",
    "Kariuki",
    "Kibet",
    "Kilonzo",
    "Kimani",
    "Kiprop",
    "Koech",
    "Langat",
    "Maina",
    "Makokha",
    "Mohamed",
    "Muriuki",
    "Musyoka",
    "Mutai",
    "Mutua",
    "Mwangi",
    "Ndungu",
    "Njoroge",
    "Nyaga",
    "Ochieng",
    "Odhiambo",
    "Odongo",
    "Ogola",
    "Okello",
    "Omondi",
    "Onyango",
    "Otieno",
    "Ouma",
    "Owino",
    "Rotich",
    "Ruto",
    "Wafula",
    "Wambua",
    "Wanjala",
    "Wanyonyi",
    "Wekesa",
)

JOB_TITLES = {
    "national": (
        "Immigration Officer II",
        "Immigration Officer I",
        "Senior Immigration Officer",
        "Port Health Officer",
        "Customs Officer",
        "Border Police Officer",
        "Police Constable",
        "Inspector of Police",
        "Labour Officer",
        "Refugee Affairs Officer",
        "Plant Health Inspector",
        "Programme Officer",
        "Records Officer",
    ),
    "county": (
        "Public Health Officer",
        "Nursing Officer",
        "Clinical Officer",
        "Social Development Officer",
        "Gender Officer",
        "Disease Surveillance Officer",
        "Community Health Assistant",
        "Ward Administrator",
        "Enforcement Officer",
    ),
    "international": ("Programme Assistant", "Protection Associate", "Field Officer"),
    "other": ("Programme Officer", "Volunteer", "Field Officer"),
}

DUTY_STATIONS = {
    "national": (
        "{county} County Headquarters",
        "{county} Immigration Office",
        "{county} Border Control Point",
        "{county} Sub-County Office",
    ),
    "county": (
        "{county} County Referral Hospital",
        "{county} County Headquarters",
        "{county} Sub-County Health Office",
        "{county} Social Services Office",
    ),
    "international": ("{county} Field Office", "{county} Sub-Office"),
    "other": ("{county} Field Office",),
}

# More staff where the borders, ports and capital are: weights by county code.
COUNTY_WEIGHTS = {
    "047": 8,  # Nairobi City
    "001": 6,  # Mombasa
    "040": 4,  # Busia (OSBP)
    "044": 3,  # Migori (Isebania OSBP)
    "034": 3,  # Kajiado (Namanga OSBP)
    "010": 3,  # Marsabit (Moyale OSBP)
    "002": 3,  # Kwale (Lunga Lunga OSBP)
    "042": 3,  # Kisumu
    "023": 3,  # Turkana (Kakuma, Nadapal)
    "007": 3,  # Garissa (Dadaab)
    "009": 2,  # Mandera
    "008": 2,  # Wajir
    "039": 2,  # Bungoma (Malaba OSBP)
    "003": 2,  # Kilifi
    "005": 2,  # Lamu
    "022": 2,  # Kiambu
    "032": 2,  # Nakuru
}
AGENCY_WEIGHTS = {
    "DIS": 6,
    "PHS": 4,
    "KRA C&BC": 4,
    "APS / BPU": 4,
    "KPS": 3,
    "DRS": 2,
    "BMS": 1,
    "County Health": 7,
    "County Social Services": 3,
    "County (other)": 3,
}
SEXES = (("female", 47), ("male", 50), ("intersex", 0.5), ("prefer_not_to_say", 2.5))
