//! Date words of Russian, Belarusian, Ukrainian, Polish, German and French: month
//! names in every case a date puts them in (nominative, genitive, locative), the
//! prepositions and parts of a month ("в январе", "Anfang März"), year words ("2024
//! года", "2023 r."), relative days and years, and tense cues. Looked up by folded key
//! ([`crate::fold::key`]), so case and diacritics do not matter.

use crate::lang::Lang;

/// Month forms, January first.
pub(super) const MONTHS: &[(Lang, [&str; 12])] = &[
    (
        Lang::Ru,
        [
            "январь января январе",
            "февраль февраля феврале",
            "март марта марте",
            "апрель апреля апреле",
            "май мая мае",
            "июнь июня июне",
            "июль июля июле",
            "август августа августе",
            "сентябрь сентября сентябре",
            "октябрь октября октябре",
            "ноябрь ноября ноябре",
            "декабрь декабря декабре",
        ],
    ),
    (
        Lang::Be,
        [
            "студзень студзеня студзені",
            "люты лютага лютым",
            "сакавік сакавіка сакавіку",
            "красавік красавіка красавіку",
            "травень траўня траўні",
            "чэрвень чэрвеня чэрвені",
            "ліпень ліпеня ліпені",
            "жнівень жніўня жніўні",
            "верасень верасня верасні",
            "кастрычнік кастрычніка кастрычніку",
            "лістапад лістапада лістападзе",
            "снежань снежня снежні",
        ],
    ),
    (
        Lang::Uk,
        [
            "січень січня січні",
            "лютий лютого лютому",
            "березень березня березні",
            "квітень квітня квітні",
            "травень травня травні",
            "червень червня червні",
            "липень липня липні",
            "серпень серпня серпні",
            "вересень вересня вересні",
            "жовтень жовтня жовтні",
            "листопад листопада листопаді",
            "грудень грудня грудні",
        ],
    ),
    (
        Lang::Pl,
        [
            "styczeń stycznia styczniu",
            "luty lutego lutym",
            "marzec marca marcu",
            "kwiecień kwietnia kwietniu",
            "maj maja maju",
            "czerwiec czerwca czerwcu",
            "lipiec lipca lipcu",
            "sierpień sierpnia sierpniu",
            "wrzesień września wrześniu",
            "październik października październiku",
            "listopad listopada listopadzie",
            "grudzień grudnia grudniu",
        ],
    ),
    (
        Lang::De,
        [
            "Januar Jänner",
            "Februar Feber",
            "März",
            "April",
            "Mai",
            "Juni",
            "Juli",
            "August",
            "September",
            "Oktober",
            "November",
            "Dezember",
        ],
    ),
    (
        Lang::Fr,
        [
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ],
    ),
];

/// Month abbreviations, which count only with their period ("янв.", "Okt.", "févr.").
pub(super) const ABBREVIATIONS: &[(Lang, [&str; 12])] = &[
    (
        Lang::Ru,
        [
            "янв",
            "фев февр",
            "мар",
            "апр",
            "",
            "",
            "",
            "авг",
            "сен сент",
            "окт",
            "ноя нояб",
            "дек",
        ],
    ),
    (
        Lang::De,
        [
            "Jan", "Feb", "Mär", "Apr", "", "", "", "Aug", "Sep Sept", "Okt", "Nov", "Dez",
        ],
    ),
    (
        Lang::Fr,
        [
            "janv", "févr", "", "avr", "", "", "juil", "", "sept", "oct", "nov", "déc",
        ],
    ),
];

/// Words before a month that make it a date ("в январе", "seit März", "en janvier"),
/// and words for its early, middle and late part ("в начале марта", "Ende Mai",
/// "fin mars").
pub(super) const MONTH_CUES: &[(Lang, &str, &str)] = &[
    (Lang::Ru, "в во с со до по после", "начале середине конце"),
    (Lang::Be, "у ў в з да па пасля", "пачатку сярэдзіне канцы"),
    (Lang::Uk, "у в з із до по після", "початку середині кінці"),
    (
        Lang::Pl,
        "w we od do po przed",
        "początku połowie końcu końca koniec",
    ),
    (Lang::De, "im seit bis ab vor nach", "Anfang Mitte Ende"),
    (Lang::Fr, "en depuis dès avant après", "début mi fin"),
];

/// Seasons, in the forms a season with a year takes ("летом 2022", "Sommer 2022",
/// "l'été 2022"): spring, summer, autumn, winter.
pub(super) const SEASONS: &[(Lang, [&str; 4])] = &[
    (
        Lang::Ru,
        [
            "весна весной весны весне",
            "лето летом лета",
            "осень осенью осени",
            "зима зимой зимы зиме",
        ],
    ),
    (
        Lang::Be,
        [
            "вясна вясной вясны",
            "лета летам",
            "восень восенню восені",
            "зіма зімой зімы",
        ],
    ),
    (
        Lang::Uk,
        [
            "весна навесні весни",
            "літо влітку літа",
            "осінь восени осені",
            "зима взимку зими",
        ],
    ),
    (
        Lang::Pl,
        [
            "wiosna wiosną wiosny",
            "lato latem lata",
            "jesień jesienią jesieni",
            "zima zimą zimy",
        ],
    ),
    (
        Lang::De,
        ["Frühling Frühjahr", "Sommer", "Herbst", "Winter"],
    ),
    (Lang::Fr, ["printemps", "été", "automne", "hiver"]),
];

/// Words before a year that make it a date ("в 2021 году", "seit 2020", "en 2022").
pub(super) const YEAR_CUES: &[(Lang, &str)] = &[
    (Lang::Ru, "в во с со до к по после"),
    (Lang::Be, "у ў в з да па пасля"),
    (Lang::Uk, "у в з із до по після"),
    (Lang::Pl, "w we od do po przed"),
    (Lang::De, "im seit bis ab vor nach Jahr Jahres"),
    (Lang::Fr, "en depuis dès avant après année an ici vers"),
];

/// Words after a year that make it one ("2024 года", "2023 r.", "2023 року"); a
/// one-letter abbreviation needs its period.
pub(super) const YEAR_WORDS: &[(Lang, &str)] = &[
    (Lang::Ru, "год года году годом г"),
    (Lang::Be, "год года годзе годам г"),
    (Lang::Uk, "рік року році роком р"),
    (Lang::Pl, "rok roku rokiem r"),
];

/// Days relative to the publication day.
pub(super) const DAYS: &[(Lang, &str, i64)] = &[
    (Lang::Ru, "позавчера", -2),
    (Lang::Ru, "вчера", -1),
    (Lang::Ru, "сегодня", 0),
    (Lang::Ru, "завтра", 1),
    (Lang::Ru, "послезавтра", 2),
    (Lang::Be, "пазаўчора", -2),
    (Lang::Be, "учора ўчора", -1),
    (Lang::Be, "сёння", 0),
    (Lang::Be, "заўтра", 1),
    (Lang::Be, "паслязаўтра", 2),
    (Lang::Uk, "позавчора", -2),
    (Lang::Uk, "вчора учора", -1),
    (Lang::Uk, "сьогодні", 0),
    (Lang::Uk, "завтра", 1),
    (Lang::Uk, "післязавтра", 2),
    (Lang::Pl, "przedwczoraj", -2),
    (Lang::Pl, "wczoraj", -1),
    (Lang::Pl, "dziś dzisiaj", 0),
    (Lang::Pl, "jutro", 1),
    (Lang::Pl, "pojutrze", 2),
    (Lang::De, "vorgestern", -2),
    (Lang::De, "gestern", -1),
    (Lang::De, "heute", 0),
    // "Morgen" (capitalised) is the morning.
    (Lang::De, "morgen", 1),
    (Lang::De, "übermorgen", 2),
    (Lang::Fr, "hier", -1),
    (Lang::Fr, "aujourd", 0),
    (Lang::Fr, "demain", 1),
];

/// Two-word days ("avant-hier").
pub(super) const DAY_PHRASES: &[(Lang, &str, &str, i64)] = &[
    (Lang::Fr, "avant", "hier", -2),
    (Lang::Fr, "après", "demain", 2),
];

/// One-word years relative to the publication year ("летась", "Vorjahr").
pub(super) const YEARS: &[(Lang, &str, i32)] = &[
    (Lang::Be, "летась", -1),
    (Lang::Be, "сёлета", 0),
    (Lang::Uk, "торік", -1),
    (Lang::Uk, "цьогоріч", 0),
    (Lang::De, "Vorjahr Vorjahres", -1),
];

/// A relative period: modifiers (last, this, next) and units (year, month), and
/// whether the modifier comes after the unit ("l'année dernière").
pub(super) struct Period {
    pub lang: Lang,
    pub last: &'static str,
    pub this: &'static str,
    pub next: &'static str,
    pub year: &'static str,
    pub month: &'static str,
    pub unit_first: bool,
}

pub(super) const PERIODS: &[Period] = &[
    Period {
        lang: Lang::Ru,
        last: "прошлом прошлого прошлый прошедшем прошедшего",
        this: "этом этого этот текущем текущего",
        next: "следующем следующего следующий будущем будущего",
        year: "году года год",
        month: "месяце месяца месяц",
        unit_first: false,
    },
    Period {
        lang: Lang::Be,
        last: "мінулым мінулага мінулы",
        this: "гэтым гэтага гэты",
        next: "наступным наступнага наступны",
        year: "годзе года год",
        month: "месяцы месяца месяц",
        unit_first: false,
    },
    Period {
        lang: Lang::Uk,
        last: "минулому минулого минулий попереднього",
        this: "цьому цього цей поточного",
        next: "наступному наступного наступний",
        year: "році року рік",
        month: "місяці місяця місяць",
        unit_first: false,
    },
    Period {
        lang: Lang::Pl,
        last: "zeszłym zeszłego ubiegłym ubiegłego poprzednim poprzedniego",
        this: "tym tego bieżącym bieżącego",
        next: "przyszłym przyszłego następnym następnego",
        year: "roku rok",
        month: "miesiącu miesiąca miesiąc",
        unit_first: false,
    },
    Period {
        lang: Lang::De,
        last: "vergangenen vergangenes letzten letztes vorigen voriges",
        this: "diesem dieses diesen laufenden",
        next: "nächsten nächstes kommenden",
        year: "Jahr Jahres",
        month: "Monat Monats",
        unit_first: false,
    },
    Period {
        lang: Lang::Fr,
        last: "",
        this: "cette ce",
        next: "",
        year: "année an",
        month: "mois",
        unit_first: false,
    },
    Period {
        lang: Lang::Fr,
        last: "dernière dernier passée passé",
        this: "",
        next: "prochaine prochain",
        year: "année an",
        month: "mois",
        unit_first: true,
    },
];

/// Words that put a sentence in the past or the future, for days and months given
/// without a year.
pub(super) const TENSE: &[(Lang, &str, &str)] = &[
    (
        Lang::Ru,
        "был была было были состоялся состоялась состоялось прошел прошёл прошла заявил заявила сообщил сообщила подписал подписала провел провёл",
        "будет будут состоится состоятся планируется планирует планируют намерен намерена намерены назначено назначена назначен запланировано запланирована ожидается предстоит пройдет пройдёт",
    ),
    (
        Lang::Be,
        "быў была было былі адбыўся адбылася заявіў заявіла наведаў выступіла выступіў",
        "будзе будуць адбудзецца запланавана запланаваная плануецца чакаецца",
    ),
    (
        Lang::Uk,
        "був була було були відбувся відбулася заявив заявила повідомив повідомила підписав",
        "буде будуть відбудеться відбудуться планується запланований запланована заплановано очікується призначено",
    ),
    (
        Lang::Pl,
        "był była było były odbył odbyła odbyło zdecydował powiedział ogłosił",
        "będzie będą odbędzie odbędą zaplanowano zaplanowane planowane przewidziano",
    ),
    (
        Lang::De,
        "war waren wurde wurden hatte hatten beschloss sagte erklärte",
        "wird werden soll sollen geplant künftig",
    ),
    (
        Lang::Fr,
        "était étaient avait avaient fut déclaré annoncé coûté",
        "sera seront aura auront prévu prévue prévus prévues doit doivent devrait",
    ),
];
