"""Spanish word lists and sentence templates for ``seed_demo``.

Enough variety that pages, feeds and search look like a real archive (search
for "elecciones" finds some articles, not all), from a few hundred words.
"""

FIRST_NAMES = [
    "Ana", "Luis", "María", "José", "Carmen", "Jorge", "Lucía", "Diego", "Rosa",
    "Andrés", "Patricia", "Fernando", "Gabriela", "Ricardo", "Sofía", "Miguel",
    "Valeria", "Javier", "Daniela", "Carlos", "Elena", "Pablo", "Isabel",
    "Raúl", "Verónica", "Héctor", "Natalia", "Óscar", "Mónica", "Tomás",
]  # fmt: skip
SURNAMES = [
    "Pérez", "Soto", "García", "Rodríguez", "Mendoza", "Quispe", "Vargas",
    "Castillo", "Torres", "Flores", "Rojas", "Morales", "Chávez", "Ramírez",
    "Herrera", "Salazar", "Guzmán", "Paredes", "Aguilar", "Cárdenas", "Ortiz",
    "Navarro", "Benítez", "Villacís", "Córdova", "Zambrano", "Espinoza",
    "Montenegro", "Huamán", "Delgado",
]  # fmt: skip
TITLES = [
    "presidente", "ministra", "ministro", "alcaldesa", "alcalde", "senadora",
    "diputado", "gobernadora", "portavoz", "fiscal", "economista", "jueza",
    "general", "rectora", "dirigente",
]  # fmt: skip
# (name, ISO 3166-1 alpha-2, alias)
COUNTRIES = [
    ("Perú", "PE", "Peru"), ("Ecuador", "EC", "República del Ecuador"),
    ("Colombia", "CO", ""), ("Chile", "CL", ""), ("Bolivia", "BO", ""),
    ("Argentina", "AR", ""), ("Brasil", "BR", "Brazil"), ("Venezuela", "VE", ""),
    ("Uruguay", "UY", ""), ("Paraguay", "PY", ""), ("México", "MX", "Mexico"),
    ("Estados Unidos", "US", "EE. UU."), ("Canadá", "CA", "Canada"),
    ("España", "ES", "Spain"), ("Francia", "FR", "France"),
    ("Alemania", "DE", "Germany"), ("Italia", "IT", "Italy"),
    ("Reino Unido", "GB", "UK"), ("Portugal", "PT", ""), ("China", "CN", ""),
    ("Japón", "JP", "Japan"), ("India", "IN", ""), ("Rusia", "RU", "Russia"),
    ("Ucrania", "UA", "Ukraine"), ("Panamá", "PA", "Panama"),
    ("Costa Rica", "CR", ""), ("Cuba", "CU", ""), ("Guatemala", "GT", ""),
    ("Honduras", "HN", ""), ("Nicaragua", "NI", ""), ("El Salvador", "SV", ""),
    ("República Dominicana", "DO", ""), ("Marruecos", "MA", "Morocco"),
    ("Sudáfrica", "ZA", "South Africa"), ("Australia", "AU", ""),
    ("Corea del Sur", "KR", "South Korea"), ("Turquía", "TR", "Turkey"),
    ("Israel", "IL", ""), ("Egipto", "EG", "Egypt"), ("Noruega", "NO", "Norway"),
]  # fmt: skip
CITIES = [
    "Lima", "Quito", "Guayaquil", "Cuenca", "Bogotá", "Medellín", "Santiago",
    "Valparaíso", "La Paz", "Cochabamba", "Buenos Aires", "Córdoba", "Rosario",
    "São Paulo", "Caracas", "Montevideo", "Asunción", "Ciudad de México",
    "Monterrey", "Madrid", "Barcelona", "Arequipa", "Cusco", "Trujillo",
    "Piura", "Iquitos", "Ayacucho", "Manta", "Loja", "Esmeraldas", "Cali",
    "Cartagena", "Antofagasta", "Sucre", "Mendoza", "Salta", "Tacna", "Puno",
    "Machala", "Ambato",
]  # fmt: skip
ORGANISATION_KINDS = [
    "Ministerio de", "Asociación de", "Federación de", "Cámara de",
    "Instituto de", "Sindicato de", "Consejo de", "Fundación para",
    "Observatorio de", "Colegio de",
]  # fmt: skip
ORGANISATION_SUBJECTS = [
    "Salud", "Educación", "Economía", "Energía", "Minería", "Transporte",
    "Comercio", "Agricultura", "Pesca", "Turismo", "Vivienda", "Cultura",
    "Defensa", "Justicia", "Trabajo",
]  # fmt: skip
EVENTS = [
    "Elecciones generales", "Cumbre Andina", "Foro Económico", "Copa América",
    "Feria del Libro", "Censo Nacional", "Juegos Bolivarianos",
    "Cumbre del Clima", "Paro Nacional", "Festival de Cine",
]  # fmt: skip
TOPICS = [
    "Inflación", "Cambio climático", "Seguridad ciudadana", "Migración",
    "Corrupción", "Minería ilegal", "Educación pública", "Salud mental",
    "Inteligencia artificial", "Derechos humanos", "Narcotráfico",
    "Fenómeno de El Niño", "Deuda externa", "Energías renovables",
    "Libertad de prensa", "Desnutrición infantil", "Empleo informal",
    "Transporte público", "Agua potable", "Deforestación", "Pensiones",
    "Vivienda social", "Ciberseguridad", "Turismo sostenible", "Pesca artesanal",
    "Reforma judicial", "Comercio exterior", "Violencia de género",
    "Agricultura familiar", "Cultura popular",
]  # fmt: skip
SECTIONS = [
    ("Internacional", "internacional"), ("Política", "politica"),
    ("Economía", "economia"), ("Sociedad", "sociedad"), ("Deportes", "deportes"),
    ("Cultura", "cultura"), ("Ciencia", "ciencia"), ("Opinión", "opinion"),
    ("Regional", "regional"), ("Tecnología", "tecnologia"),
]  # fmt: skip
SECTION_WEIGHTS = [18, 20, 15, 14, 10, 7, 5, 4, 5, 2]

VERBS = [
    "anuncia", "propone", "rechaza", "aprueba", "critica", "defiende",
    "presenta", "suspende", "investiga", "denuncia", "respalda", "cuestiona",
    "firma", "amplía", "revisa",
]  # fmt: skip
OBJECTS = [
    "un plan de inversión", "la reforma tributaria", "un acuerdo comercial",
    "nuevas medidas de seguridad", "el presupuesto regional",
    "un proyecto de ley", "la ampliación del puerto", "el programa de becas",
    "una alianza estratégica", "el informe anual", "la compra de vacunas",
    "un fondo de emergencia", "el nuevo reglamento", "la consulta popular",
    "un convenio de cooperación",
]  # fmt: skip
OPENERS = [
    "Según fuentes oficiales,", "En declaraciones a la prensa,",
    "Durante la sesión de este martes,", "Tras varias semanas de negociación,",
    "De acuerdo con el último informe,", "En un comunicado,",
    "Ante la presión de los gremios,", "Al cierre de esta edición,",
    "Desde la oposición,", "En la capital,",
]  # fmt: skip
CLAUSES = [
    "el gobierno confirmó que {object} entrará en vigor el próximo mes",
    "{person} aseguró que {object} beneficiará a miles de familias",
    "los dirigentes de {place} pidieron más información sobre {object}",
    "la medida fue recibida con cautela por los analistas",
    "el debate sobre {topic} volvió a ocupar la agenda pública",
    "las autoridades de {place} reportaron avances en {topic}",
    "{person} recordó que el país enfrenta retos en {topic}",
    "el anuncio se produjo después de una reunión con representantes de {country}",
    "los especialistas advirtieron que {object} requiere más recursos",
    "la cifra representa un aumento respecto del año anterior",
    "varios sectores reclamaron mayor transparencia en el proceso",
    "la iniciativa será evaluada por una comisión independiente",
    "{person} viajará a {country} para continuar las conversaciones",
    "el Congreso tiene previsto debatir {object} la próxima semana",
    "los vecinos de {place} organizaron una marcha pacífica",
]  # fmt: skip
CLOSERS = [
    "", "", "", " según el documento", " a pesar de las críticas",
    " en las próximas semanas", " de forma gradual", " sin mayores detalles",
]  # fmt: skip
DESK_CREDITS = ["Redacción", "Agencias", "Redacción Internacional", "EFE", "AFP"]
PHOTO_SOURCES = [
    ("Agencia Andina", "handout"), ("Reuters", "wire"), ("EFE", "wire"),
    ("AFP", "wire"), ("Archivo", "staff"), ("Cortesía", "handout"),
]  # fmt: skip
UPDATE_NOTES = {
    "update": "Se añadieron declaraciones de {person}.",
    "correction": "Una versión anterior escribió mal el nombre de {person}.",
    "clarification": "Se precisó la fecha del anuncio en {place}.",
}

WITHDRAWAL_REASON = (
    "La mesa retiró esta nota porque no cumplía sus normas de verificación."
)
