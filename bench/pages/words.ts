/**
 * Word lists the synthetic catalog is built from. Written by hand so the generator needs no
 * external data; sized so that titles, names and synopses repeat about as often as real ones do.
 */

export const FIRST_NAMES: readonly string[] = [
  'Ada', 'Agnès', 'Ahmed', 'Aiko', 'Alain', 'Alberto', 'Aleksandr', 'Alice', 'Amara', 'Ana', 'Anders', 'Andrzej', 'Angela', 'Anna', 'Antonio',
  'Arne', 'Astrid', 'Basil', 'Beatriz', 'Bert', 'Birgit', 'Boris', 'Bruno', 'Carl', 'Carmen', 'Catherine', 'Chantal', 'Charles', 'Chen', 'Chris',
  'Claire', 'Clara', 'Claude', 'Dai', 'Daniel', 'David', 'Denis', 'Diego', 'Dora', 'Dziga', 'Edgar', 'Edith', 'Elena', 'Elif', 'Elsa', 'Emile',
  'Emma', 'Erik', 'Esther', 'Eva', 'Fatima', 'Felix', 'Fernando', 'Frances', 'François', 'Frederick', 'Gabriel', 'Gérard', 'Gerda', 'Gisela',
  'Grace', 'Hana', 'Hans', 'Harold', 'Harun', 'Helen', 'Helga', 'Henri', 'Hiroshi', 'Humphrey', 'Ida', 'Ilse', 'Ingrid', 'Irene', 'Isaac', 'Ivan',
  'Jacques', 'Jan', 'Jane', 'Javier', 'Jean', 'Jennie', 'Joan', 'Joris', 'José', 'Julia', 'Kamal', 'Karel', 'Karin', 'Kazuo', 'Kenji', 'Kim', 'Kira',
  'Kurt', 'Lars', 'Laura', 'Leila', 'Leni', 'Leo', 'Liang', 'Lina', 'Lionel', 'Lotte', 'Louis', 'Lucia', 'Luis', 'Maja', 'Marcel', 'Margaret',
  'Maria', 'Marina', 'Mario', 'Marta', 'Mary', 'Mei', 'Michel', 'Mikhail', 'Miriam', 'Nadia', 'Naomi', 'Nikolai', 'Nina', 'Noriko', 'Olga', 'Omar',
  'Orson', 'Pablo', 'Patricio', 'Paul', 'Pedro', 'Pere', 'Peter', 'Pierre', 'Rachel', 'Rahul', 'Raymond', 'Renée', 'Richard', 'Rosa', 'Ruth',
  'Sabine', 'Samir', 'Santiago', 'Sara', 'Satyajit', 'Sergei', 'Shirley', 'Simone', 'Sofia', 'Sonja', 'Stefan', 'Susan', 'Takeshi', 'Tamara',
  'Teresa', 'Thomas', 'Tove', 'Ulla', 'Ursula', 'Vera', 'Victor', 'Walter', 'Wanda', 'Werner', 'Willard', 'Yasmin', 'Yoko', 'Youssef', 'Yuri', 'Zofia',
];

export const SURNAMES: readonly string[] = [
  'Aalto', 'Abe', 'Adler', 'Ahmadi', 'Akerman', 'Alvarez', 'Andersen', 'Arnaud', 'Asch', 'Bach', 'Baker', 'Barros', 'Bauer', 'Becker', 'Bell',
  'Benoit', 'Berg', 'Bergman', 'Bianchi', 'Blanc', 'Bloch', 'Bonnet', 'Borg', 'Brandt', 'Braun', 'Brooks', 'Brown', 'Bruno', 'Campbell', 'Carter',
  'Castro', 'Chan', 'Chaudhry', 'Chen', 'Clarke', 'Cohen', 'Costa', 'Cruz', 'Dahl', 'Das', 'Davies', 'Dekker', 'Delgado', 'Diaz', 'Dubois', 'Duval',
  'Eklund', 'Engel', 'Evans', 'Falk', 'Farah', 'Fernandes', 'Ferrari', 'Fischer', 'Fontaine', 'Fournier', 'Frank', 'Fuchs', 'Garcia', 'Gauthier',
  'Gomez', 'Gonzalez', 'Gordon', 'Graham', 'Gray', 'Greco', 'Grierson', 'Gupta', 'Haas', 'Hahn', 'Hall', 'Hansen', 'Hartmann', 'Hayashi', 'Herrera',
  'Hoffmann', 'Holm', 'Horvath', 'Huber', 'Hughes', 'Ibrahim', 'Ito', 'Ivanov', 'Jacobs', 'Jansen', 'Jensen', 'Johansson', 'Jones', 'Kaplan',
  'Karlsson', 'Kato', 'Keller', 'Khan', 'Kim', 'King', 'Klein', 'Koch', 'Kowalski', 'Kraus', 'Krüger', 'Kumar', 'Lambert', 'Lang', 'Larsen',
  'Laurent', 'Lee', 'Lefebvre', 'Lehmann', 'Leone', 'Lewis', 'Li', 'Lindqvist', 'Lopez', 'Lorentz', 'Lund', 'Maier', 'Marchand', 'Marino', 'Marker',
  'Martin', 'Martinez', 'Matsumoto', 'Mayer', 'Mendes', 'Mercier', 'Meyer', 'Molina', 'Moreau', 'Moreno', 'Morin', 'Morris', 'Müller', 'Murphy',
  'Nagy', 'Nakamura', 'Navarro', 'Neumann', 'Nguyen', 'Nielsen', 'Novak', 'Nowak', 'Okafor', 'Olsen', 'Ortiz', 'Owusu', 'Park', 'Patel', 'Pereira',
  'Perez', 'Peters', 'Petrov', 'Pham', 'Popescu', 'Quinn', 'Ramos', 'Reyes', 'Ribeiro', 'Richter', 'Rivera', 'Roberts', 'Rodriguez', 'Romano',
  'Rossi', 'Rotha', 'Rouch', 'Roux', 'Russo', 'Saito', 'Sanchez', 'Santos', 'Sato', 'Schmidt', 'Schneider', 'Schulz', 'Schwarz', 'Sen', 'Shah',
  'Silva', 'Simon', 'Singh', 'Smirnov', 'Smith', 'Sokolov', 'Sousa', 'Stewart', 'Storck', 'Suzuki', 'Svensson', 'Szabo', 'Takahashi', 'Tanaka',
  'Taylor', 'Thomas', 'Thompson', 'Torres', 'Tran', 'Turner', 'Varga', 'Vargas', 'Vasquez', 'Vidal', 'Vogel', 'Volkov', 'Wagner', 'Walker', 'Wang',
  'Watanabe', 'Watt', 'Weber', 'Weiss', 'White', 'Wilson', 'Wolf', 'Wright', 'Wu', 'Yamada', 'Yamamoto', 'Yang', 'Young', 'Zhang', 'Zhou', 'Zimmermann',
];

/** Middle initials, so the ~40,000 first × last combinations become enough distinct names. */
export const INITIALS: readonly string[] = ['A.', 'B.', 'C.', 'D.', 'E.', 'F.', 'G.', 'H.', 'J.', 'K.', 'L.', 'M.', 'N.', 'P.', 'R.', 'S.', 'T.', 'W.'];

export const ORGANISATION_FORMS: readonly string[] = [
  '{surname} Film Unit', '{place} Film Society', '{surname} Productions', '{place} Newsreel Company', 'Studio {surname}',
  '{place} Documentary Workshop', '{surname} & {surname2} Pictures', '{place} Ministry of Information', '{place} Television', '{surname} Foundation',
];

/** Subjects: topics, crafts, regions and movements, ~200 in all. */
export const SUBJECTS: readonly string[] = [
  'Agriculture', 'Aviation', 'Architecture', 'Arctic', 'Antarctica', 'Archaeology', 'Astronomy', 'Automobiles', 'Ballet', 'Banking', 'Bees',
  'Birds', 'Blues music', 'Boxing', 'Bridges', 'Bureaucracy', 'Canals', 'Carnival', 'Cartography', 'Cattle ranching', 'Censorship', 'Ceramics',
  'Chemistry', 'Childhood', 'Chess', 'Circus', 'Cities', 'Civil rights', 'Climate', 'Coal mining', 'Coastlines', 'Colonialism', 'Comedy',
  'Computers', 'Cooking', 'Coral reefs', 'Cotton', 'Courts', 'Crime', 'Cycling', 'Dams', 'Dance', 'Deserts', 'Diplomacy', 'Disability',
  'Drought', 'Earthquakes', 'Economics', 'Education', 'Elections', 'Electricity', 'Emigration', 'Environment', 'Ethnographic film', 'Exploration',
  'Factories', 'Famine', 'Farming', 'Fashion', 'Feminism', 'Festivals', 'Fishing', 'Floods', 'Folk music', 'Food', 'Football', 'Forests',
  'Fur trade', 'Gardening', 'Genocide', 'Geology', 'Glaciers', 'Gold rush', 'Graffiti', 'Harbours', 'Health', 'Hospitals', 'Housing', 'Hunting',
  'Hydropower', 'Immigration', 'Indigenous peoples', 'Industry', 'Insects', 'Inuit', 'Islands', 'Jazz', 'Journalism', 'Justice', 'Labour',
  'Land reform', 'Languages', 'Libraries', 'Lighthouses', 'Literature', 'Livestock', 'Logging', 'Markets', 'Medicine', 'Memory', 'Migration',
  'Military history', 'Mining', 'Monasteries', 'Mountains', 'Museums', 'Music', 'Mythology', 'Nature', 'Navigation', 'Newspapers',
  'Nuclear power', 'Nursing', 'Oceans', 'Oil', 'Opera', 'Painting', 'Parliament', 'Peace movements', 'Philosophy', 'Photography', 'Pilgrimage',
  'Poetry', 'Police', 'Politics', 'Pollution', 'Ports', 'Postal service', 'Poverty', 'Printing', 'Prisons', 'Propaganda', 'Protest',
  'Psychology', 'Public health', 'Puppetry', 'Radio', 'Railways', 'Rain forests', 'Refugees', 'Religion', 'Revolution', 'Rice',
  'Rivers', 'Roads', 'Rock music', 'Rowing', 'Rural life', 'Sailing', 'Salt', 'Schools', 'Science', 'Sculpture', 'Seasons', 'Shipbuilding',
  'Silent film', 'Skating', 'Slavery', 'Soccer', 'Space flight', 'Sport', 'Steel', 'Street life', 'Strikes', 'Sugar', 'Surgery', 'Surveillance',
  'Swimming', 'Tea', 'Technology', 'Telephones', 'Television', 'Textiles', 'Theatre', 'Tides', 'Tobacco', 'Tourism', 'Trade unions', 'Traffic',
  'Trains', 'Translation', 'Trees', 'Tunnels', 'Universities', 'Urban planning', 'Villages', 'Vineyards', 'Volcanoes', 'Voting', 'War',
  'Water', 'Weather', 'Weaving', 'Whaling', 'Wheat', 'Wildlife', 'Wind power', 'Wine', 'Winter', 'Women at work', 'Wool', 'World War I',
  'World War II', 'Writing', 'Youth', 'Zoos', 'Agitprop', 'Cinéma vérité', 'City symphony', 'Direct cinema', 'Essay film', 'Newsreels',
];

/** Country codes with rough weights: how often a documentary is (co-)produced there. */
export const COUNTRIES: readonly (readonly [code: string, weight: number])[] = [
  ['US', 30], ['GB', 14], ['FR', 14], ['DE', 10], ['IT', 5], ['JP', 5], ['CA', 5], ['RU', 4], ['NL', 4], ['BE', 3], ['SE', 3],
  ['DK', 3], ['NO', 2], ['FI', 2], ['ES', 3], ['PT', 1], ['PL', 2], ['CZ', 2], ['HU', 1], ['AT', 2], ['CH', 2], ['IN', 3], ['CN', 2], ['KR', 1],
  ['BR', 2], ['AR', 2], ['MX', 2], ['CL', 1], ['CU', 1], ['AU', 2], ['NZ', 1], ['ZA', 1], ['NG', 1], ['SN', 1], ['EG', 1], ['IR', 1], ['IL', 1],
  ['TR', 1], ['GR', 1], ['IE', 1],
];

/** Languages with rough weights. */
export const LANGUAGES: readonly (readonly [code: string, weight: number])[] = [
  ['en', 40], ['fr', 14], ['de', 10], ['es', 6], ['it', 4], ['ru', 4], ['ja', 4], ['nl', 2], ['sv', 2], ['da', 1], ['pl', 2], ['cs', 1],
  ['pt', 2], ['zh', 2], ['hi', 2], ['ar', 2], ['fa', 1], ['tr', 1], ['ko', 1], ['iu', 1], ['sw', 1], ['yo', 1], ['el', 1], ['hu', 1],
];

/** Words in native titles, for films whose first language is not English. */
export const NATIVE_TITLE_WORDS: Readonly<Record<string, readonly string[]>> = {
  fr: ['La Terre', 'Le Fleuve', 'Les Ouvriers', 'La Ville', 'Le Voyage', 'Les Enfants', 'La Mer', 'Le Pain', 'Les Mineurs', 'La Grève'],
  de: ['Die Stadt', 'Der Fluss', 'Die Arbeiter', 'Das Land', 'Die Reise', 'Die Kinder', 'Das Meer', 'Der Berg', 'Die Fabrik', 'Der Winter'],
  es: ['La Tierra', 'El Río', 'Los Obreros', 'La Ciudad', 'El Viaje', 'Los Niños', 'El Mar', 'La Cosecha', 'Las Minas', 'La Huelga'],
  it: ['La Terra', 'Il Fiume', 'Gli Operai', 'La Città', 'Il Viaggio', 'I Bambini', 'Il Mare', 'Il Pane', 'Le Miniere', 'Lo Sciopero'],
  nl: ['De Stad', 'De Rivier', 'De Arbeiders', 'Het Land', 'De Reis', 'De Kinderen', 'De Zee', 'De Dijk', 'De Haven', 'De Winter'],
  sv: ['Staden', 'Älven', 'Arbetarna', 'Landet', 'Resan', 'Barnen', 'Havet', 'Skogen', 'Gruvan', 'Vintern'],
  pl: ['Miasto', 'Rzeka', 'Robotnicy', 'Ziemia', 'Podróż', 'Dzieci', 'Morze', 'Kopalnia', 'Strajk', 'Zima'],
  pt: ['A Terra', 'O Rio', 'Os Operários', 'A Cidade', 'A Viagem', 'As Crianças', 'O Mar', 'A Colheita', 'As Minas', 'A Greve'],
};

export const TITLE_ADJECTIVES: readonly string[] = [
  'Silent', 'Last', 'Long', 'Forgotten', 'Hidden', 'Lost', 'Northern', 'Southern', 'Eastern', 'Western', 'Distant', 'Open', 'Broken', 'Golden',
  'Iron', 'Black', 'White', 'Red', 'Green', 'Blue', 'Burning', 'Frozen', 'Rising', 'Quiet', 'Empty', 'Crowded', 'Endless', 'Secret', 'Wild',
  'Great', 'Little', 'Bitter', 'Sweet', 'Hungry', 'Restless', 'Unfinished', 'Invisible', 'Ordinary', 'Stolen', 'Shared', 'Other', 'New', 'Old',
];

export const TITLE_NOUNS: readonly string[] = [
  'River', 'Harvest', 'City', 'Road', 'Island', 'Valley', 'Mountain', 'Sea', 'Coast', 'Border', 'Frontier', 'Village', 'Factory', 'Mine',
  'Harbour', 'Bridge', 'Railway', 'Station', 'Market', 'School', 'Hospital', 'Prison', 'Church', 'Forest', 'Desert', 'Glacier', 'Storm',
  'Winter', 'Summer', 'Spring', 'Autumn', 'Night', 'Morning', 'Year', 'Season', 'Journey', 'Voyage', 'Return', 'Crossing', 'Exile', 'Song',
  'Voices', 'Hands', 'Faces', 'Bread', 'Salt', 'Coal', 'Steel', 'Cotton', 'Water', 'Fire', 'Earth', 'Sky', 'Wind', 'Light', 'Shadows',
  'Workers', 'Miners', 'Fishermen', 'Farmers', 'Weavers', 'Children', 'Mothers', 'Strangers', 'Neighbours', 'Soldiers', 'Pilgrims', 'Sailors',
  'Archive', 'Letters', 'Promise', 'Strike', 'Flood', 'Drought', 'Machine', 'Engine', 'Signal', 'Tide', 'Dam', 'Well', 'Field', 'Garden',
];

export const PLACES: readonly (readonly [name: string, country: string])[] = [
  ['Hudson Bay', 'CA'], ['Labrador', 'CA'], ['Yukon', 'CA'], ['Quebec', 'CA'], ['Manhattan', 'US'], ['Appalachia', 'US'], ['Detroit', 'US'],
  ['Mississippi Delta', 'US'], ['the Dust Bowl', 'US'], ['Chicago', 'US'], ['Alaska', 'US'], ['Harlan County', 'US'], ['Louisiana', 'US'],
  ['Glasgow', 'GB'], ['the Clyde', 'GB'], ['Wales', 'GB'], ['Yorkshire', 'GB'], ['London', 'GB'], ['the Hebrides', 'GB'], ['Aran', 'IE'],
  ['Paris', 'FR'], ['Brittany', 'FR'], ['Marseille', 'FR'], ['Lyon', 'FR'], ['the Camargue', 'FR'], ['Berlin', 'DE'], ['the Ruhr', 'DE'],
  ['Hamburg', 'DE'], ['Bavaria', 'DE'], ['Naples', 'IT'], ['Sicily', 'IT'], ['Venice', 'IT'], ['Rome', 'IT'], ['Andalusia', 'ES'],
  ['Las Hurdes', 'ES'], ['Barcelona', 'ES'], ['Lisbon', 'PT'], ['Rotterdam', 'NL'], ['Zuiderzee', 'NL'], ['Antwerp', 'BE'], ['Borinage', 'BE'],
  ['Lapland', 'FI'], ['Stockholm', 'SE'], ['Jutland', 'DK'], ['Lofoten', 'NO'], ['Warsaw', 'PL'], ['Łódź', 'PL'], ['Prague', 'CZ'],
  ['Budapest', 'HU'], ['Vienna', 'AT'], ['the Alps', 'CH'], ['Moscow', 'RU'], ['Siberia', 'RU'], ['Leningrad', 'RU'], ['Istanbul', 'TR'],
  ['Crete', 'GR'], ['Cairo', 'EG'], ['the Nile', 'EG'], ['Tehran', 'IR'], ['Jerusalem', 'IL'], ['Bombay', 'IN'], ['Calcutta', 'IN'],
  ['Bengal', 'IN'], ['Kerala', 'IN'], ['Shanghai', 'CN'], ['the Yangtze', 'CN'], ['Tokyo', 'JP'], ['Hiroshima', 'JP'], ['Minamata', 'JP'],
  ['Okinawa', 'JP'], ['Seoul', 'KR'], ['Havana', 'CU'], ['Mexico City', 'MX'], ['Oaxaca', 'MX'], ['the Andes', 'CL'], ['Santiago', 'CL'],
  ['Buenos Aires', 'AR'], ['Patagonia', 'AR'], ['São Paulo', 'BR'], ['the Amazon', 'BR'], ['Lagos', 'NG'], ['Dakar', 'SN'], ['Soweto', 'ZA'],
  ['the Outback', 'AU'], ['Sydney', 'AU'], ['Auckland', 'NZ'], ['Samoa', 'NZ'],
];

export const GROUPS: readonly string[] = [
  'coal miners', 'dock workers', 'fishermen', 'farmers', 'weavers', 'schoolchildren', 'nurses', 'railway workers', 'steel workers',
  'migrant labourers', 'refugees', 'nomadic herders', 'Inuit hunters', 'shepherds', 'street musicians', 'jazz musicians', 'factory workers',
  'women textile workers', 'students', 'veterans', 'sailors', 'lighthouse keepers', 'monks', 'villagers', 'tenant farmers', 'trade unionists',
  'photographers', 'surgeons', 'firefighters', 'postal workers', 'lumberjacks', 'whalers', 'dancers', 'circus performers', 'prisoners',
  'pilgrims', 'astronomers', 'archivists', 'election volunteers', 'beekeepers', 'glassblowers', 'salt workers', 'bakers', 'boatbuilders',
];

export const ACTIVITIES: readonly string[] = [
  'bring in the harvest before the first frost', 'rebuild their homes after the flood', 'organise a strike for better wages',
  'cross the border in search of work', 'keep an old trade alive', 'prepare for a long winter', 'fight the closure of the mine',
  'record the songs of their grandparents', 'campaign in a disputed election', 'follow the herds across the plain', 'build a dam across the river',
  'run a small school with no money', 'care for the sick during an epidemic', 'sail the last wooden ships of the fleet',
  'rebuild the city after the war', 'defend their land against a new road', 'stage a festival that has not been held in decades',
  'map a coastline that is disappearing', 'hunt seal and walrus on the ice', 'search for relatives lost in the war', 'keep the railway running',
  'learn to read as adults', 'turn a ruined factory into a cooperative', 'bring electricity to the valley', 'photograph a vanishing street',
];

export const VERBS: readonly string[] = [
  'observes', 'follows', 'portrays', 'revisits', 'chronicles', 'examines', 'celebrates', 'questions', 'records', 'traces', 'documents',
  'reconstructs', 'remembers', 'investigates', 'listens to',
];

export const TOPICS: readonly string[] = [
  'the industrialisation of the countryside', 'the end of an empire', 'the first years of television', 'the birth of modern medicine',
  'a forgotten famine', 'the struggle for civil rights', 'the last days of silent cinema', 'the rise of the labour movement',
  'the building of the railway', 'a city divided by war', 'the coming of the motor car', 'life under occupation', 'the space race',
  'the collapse of the fishing industry', 'the politics of water', 'the history of jazz', 'the memory of a massacre', 'the arrival of electricity',
  'the changing climate of the Arctic', 'the decline of the coal industry', 'a revolution and its aftermath', 'the making of a newspaper',
  'the work of a country doctor', 'the art of photography', 'a century of migration', 'propaganda and its makers', 'the sound of the city',
];

export const MATERIALS: readonly string[] = [
  'archival footage', 'home movies', 'interviews', 'newsreels', 'still photographs', 'hand-held camera work', 'long observational takes',
  'reconstructed scenes', 'letters read aloud', 'radio recordings', 'animated maps', 'amateur films', 'a spare voice-over', 'field recordings',
];

export const CLOSINGS: readonly string[] = [
  'It was shown at festivals across Europe and later broadcast on television.', 'The film was banned for several years after its release.',
  'Critics praised its patience and its refusal to explain.', 'Several of its subjects later appeared in a sequel.',
  'It is now regarded as a landmark of the form.', 'The original negative was lost, and the film survives in a single print.',
  'It won a prize at its first screening but was rarely seen afterwards.', 'The director returned to the same place twenty years later.',
  'Its soundtrack was recorded entirely on location.', 'The film was restored from a nitrate print in the 2010s.',
];

export const OUTLETS: readonly string[] = [
  'The Evening Ledger', 'Sight Lines', 'The Weekly Review', 'Cinema Quarterly', 'The Morning Courier', 'Film Notes', 'The Daily Chronicle',
  'Documentary News Letter', 'The Observer of Film', 'Screen Monthly', 'The Critic', 'Nouvelles du Cinéma', 'Filmwoche', 'The Nation Review',
];

export const PRAISE: readonly string[] = [
  'a work of rare patience and intelligence', 'the most honest film I have seen this year', 'beautifully photographed and quietly furious',
  'an essential record of a world that is already gone', 'too long by half, but unforgettable', 'a triumph of the documentary form',
  'it lets its subjects speak and never talks down to them', 'a film that will be argued about for years', 'modest, precise and deeply moving',
  'as gripping as any thriller', 'an uneven but often astonishing film', 'a lesson in how to look',
];

export const COLLECTION_FORMS: readonly string[] = [
  '{subject} on Film', 'The {decade}s in Documentary', 'Voices of {place}', 'Films of the {org}', 'Essential {subject}',
  'Restored Classics: {subject}', 'A Century of {subject}', 'Films from {place}',
];
