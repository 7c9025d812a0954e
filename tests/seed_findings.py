"""Hand-typed expectations: the material findings of each seed document.

Worked out by hand from /work/shared/seeds/*.txt (read whole); nothing here was
copied from program output.

Conventions
- financial_year: the seed's own year (000 -> 2017-18, 002 -> 2019-20,
  003 -> 2016-17, 004 -> 2009-10).
- papers: force ids of the panels whose paper for that year must show the finding.
- must_mention: every inner tuple must be matched (any one alternative,
  case-insensitive substring) inside ONE paragraph, list item or table row.
  Money is given as "£6.352m" / "£6.352 million" / "£6,352,000" (and "£NNNk" for
  sums under £1m); the seed's own wording is one alternative where it is a name.
- Pure membership statements (seed 000's five-/four-/two-force lists, seed 002's
  EMSOU "all five", EMCJS four forces, HR Service Centre two forces, EMPLS all
  forces) are NOT findings here: they are tested in membership_cases.py. They
  appear here only where they record a change (EMOpSS) or a conflict (EMCHRS).
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    seed: str
    ref: str
    about: str
    financial_year: str
    papers: tuple[str, ...]
    must_mention: tuple[tuple[str, ...], ...]


EM5 = ("derbyshire", "leicestershire", "lincolnshire", "northamptonshire", "nottinghamshire")
EMOPSS4 = ("leicestershire", "lincolnshire", "northamptonshire", "nottinghamshire")
EMCHRS_LD4 = ("derbyshire", "leicestershire", "northamptonshire", "nottinghamshire")
LEICS = ("leicestershire",)
TVP = ("thames-valley",)

SIX_MONTHLY = ("twice a year", "six month", "six-month", "every six months", "bi-annual",
               "biannual", "half-year", "half year", "twice-yearly", "twice yearly")
EMOPSS = ("EMOpSS", "Operational Support Service")
SUB_REGIONAL = ("sub-regional", "sub regional", "subregional")

FINDINGS = [
    # ------------------------------------------------------------------ seed 000
    # LLR Police and Crime Panel, secretariat report, 31 January 2018.
    Finding("000", "para 5",
            "The PCCs have set up a Board for the East Midlands Regional Collaboration "
            "Programme, and collaboration agreements are signed off by that Board.",
            "2017-18", EM5,
            (("Board",), ("sign", "approv"), ("agreement",))),
    Finding("000", "para 6",
            "A Regional Network of the East Midlands Police and Crime Panels was set up "
            "in 2014 (facilitated by Frontline Consulting).",
            "2017-18", EM5,
            (("network",), ("2014",))),
    Finding("000", "para 8",
            "A regional seminar on cross-force collaboration was held on 28 November 2017 "
            "at County Hall, Nottingham, attended by the Derbyshire, Lincolnshire, "
            "Northamptonshire and Nottinghamshire panels and the Nottinghamshire PCC.",
            "2017-18", EM5,
            (("seminar",), ("28 November 2017", "28 Nov 2017"))),
    Finding("000", "para 8 (i)",
            "Seminar conclusion: a perceived lack of clarity about cross-force collaboration.",
            "2017-18", EM5,
            (("clarity", "unclear", "not clear"),)),
    Finding("000", "para 8 (ii)",
            "Seminar conclusion: no readily accessible information on the extent of regional "
            "collaboration and its impact; panels struggled to compare their own PCC's view "
            "with the other PCCs'.",
            "2017-18", EM5,
            (("information",), ("extent", "scale"), ("impact",))),
    Finding("000", "para 8 (iii)",
            "Seminar conclusion: a lack of coordination and of a single point of contact "
            "for panels.",
            "2017-18", EM5,
            (("coordination", "co-ordination", "coordinated", "co-ordinated"),
             ("point of contact",))),
    Finding("000", "para 9",
            "Issues the seminar identified for panel scrutiny: governance; cost, benefits "
            "and value for money; Board workstreams and leads; monitoring and evidence; "
            "how to challenge PCCs; blue light and fire collaboration.",
            "2017-18", EM5,
            (("governance",), ("value for money", "value-for-money"))),
    Finding("000", "para 10, bullet 1",
            "Panels asked PCCs for standardised ways of exchanging information with panels "
            "(common presentations, reports, performance and financial reporting).",
            "2017-18", EM5,
            (("standard",), ("information", "reporting", "report"))),
    Finding("000", "para 10, bullet 2",
            "Panels asked that each PCC report to its panel on cross-force collaboration "
            "routinely, perhaps twice a year.",
            "2017-18", EM5,
            (SIX_MONTHLY, ("report",))),
    Finding("000", "para 10, bullet 3",
            "Panels asked for a further seminar in 2018 with panel representatives, PCCs, "
            "OPCCs and the chief constables of the five forces.",
            "2017-18", EM5,
            (("seminar",), ("2018",))),
    Finding("000", "para 14 (a) (and para 11)",
            "Recommendation: the Chairman and one other representative (Vice-Chairman or an "
            "independent member) attend the Regional Network and report back.",
            "2017-18", LEICS,
            (("network",), ("Vice-Chair", "Vice Chair", "Independent", "one other", "another"))),
    Finding("000", "para 14 (b) (and para 12)",
            "Recommendation: the PCC be asked to submit six-monthly reports on regional "
            "collaborative arrangements and their impact and effectiveness.",
            "2017-18", LEICS,
            (("PCC", "Commissioner"), SIX_MONTHLY, ("report",))),
    Finding("000", "para 14 (c) (and para 13)",
            "Recommendation: the case for a regional scrutiny body has not been made for now; "
            "the 2018 seminar should give sufficient oversight.",
            "2017-18", LEICS,
            (("scrutiny body", "regional scrutiny", "regional body"), ("not", "no "))),

    # ------------------------------------------------------------------ seed 002
    # Leicestershire PCC report to the LLR panel, 22 July 2019.
    Finding("002", "para 2",
            "The panel is asked to note the report.",
            "2019-20", LEICS,
            (("note",), ("asked", "recommend"))),
    Finding("002", "para 4; table after para 10 (Total)",
            "Leicestershire's 2019-20 budget invested in regional collaborative arrangements "
            "is £9.5m (table total £9.487m).",
            "2019-20", LEICS,
            (("£9.487m", "£9.487 million", "£9,487,000", "£9.5m", "£9.5 million", "£9,500,000"),)),
    Finding("002", "para 5",
            "Estimated savings across the region since 2010 from collaboration: in excess of £70m.",
            "2019-20", EM5,
            (("£70m", "£70 million", "£70,000,000"), ("sav",), ("2010",))),
    Finding("002", "para 5",
            "About £20m of the regional savings is estimated to be attributable to the LLR area.",
            "2019-20", LEICS,
            (("£20m", "£20 million", "£20,000,000"), ("sav", "attribut"))),
    Finding("002", "table after para 10; EMSOU heading",
            "Leicestershire 2019-20 net budget for EMSOU: £6.352m.",
            "2019-20", LEICS,
            (("EMSOU", "Special Operations Unit"), ("£6.352m", "£6.352 million", "£6,352,000"))),
    Finding("002", "table after para 10; EMCHRS heading",
            "Leicestershire 2019-20 net budget for EMCHRS: £1.082m.",
            "2019-20", LEICS,
            (("EMCHRS", "Collaborative Human Resources"),
             ("£1.082m", "£1.082 million", "£1,082,000"))),
    Finding("002", "table after para 10; EMOpSS heading",
            "Leicestershire 2019-20 net budget for EMOpSS (centrally funded staff): £0.758m.",
            "2019-20", LEICS,
            (EMOPSS, ("£0.758m", "£0.758 million", "£758,000", "£758k"))),
    Finding("002", "table after para 10; Regional HR Service Centre heading",
            "Leicestershire 2019-20 net budget for the Regional HR Service Centre: £0.745m.",
            "2019-20", LEICS,
            (("Service Centre",), ("£0.745m", "£0.745 million", "£745,000", "£745k"))),
    Finding("002", "table after para 10; EMPLS heading",
            "Leicestershire 2019-20 budget for East Midlands Police Legal Services: £0.376m.",
            "2019-20", LEICS,
            (("Legal",), ("£0.376m", "£0.376 million", "£376,000", "£376k"))),
    Finding("002", "table after para 10; EMCJS heading",
            "Leicestershire 2019-20 net budget for EMCJS: £0.174m.",
            "2019-20", LEICS,
            (("EMCJS", "Criminal Justice Service"),
             ("£0.174m", "£0.174 million", "£174,000", "£174k"))),
    Finding("002", "para 16",
            "All EMSOU forensic resources were brought into a single Centre of Excellence "
            "in 2015; the unit serves all five forces.",
            "2019-20", EM5,
            (("forensic",), ("Centre of Excellence", "single centre"), ("2015",))),
    Finding("002", "para 18",
            "EMCHRS serves four of the five forces; Lincolnshire does not participate "
            "(in conflict with seed 000, which listed EMCHRS OH as five-force).",
            "2019-20", EM5,
            (("EMCHRS", "Collaborative Human Resources"), ("Lincolnshire",),
             ("not", "n't", "outside", "except", "excluding", "other than"))),
    Finding("002", "para 19",
            "EMCHRS L&D trainers and assessors are employed locally by Leicestershire Police.",
            "2019-20", EMCHRS_LD4,
            (("L&D", "Learning and Development", "Learning & Development", "trainer"),
             ("employ",), ("Leicestershire",))),
    Finding("002", "para 20",
            "EMOpSS was created in 2015 with four of the five forces.",
            "2019-20", EMOPSS4,
            (EMOPSS, ("2015",))),
    Finding("002", "para 20",
            "In 2018 Nottinghamshire signalled its intention to withdraw from EMOpSS.",
            "2019-20", EMOPSS4,
            (EMOPSS, ("Nottinghamshire",), ("withdr", "left", "leave", "exit", "pull"), ("2018",))),
    Finding("002", "para 20",
            "EMOpSS is now a three-force model (Leicestershire, Lincolnshire, Northamptonshire).",
            "2019-20", EMOPSS4,
            (EMOPSS, ("three", "3-force", "3 force"))),
    Finding("002", "para 21",
            "After the withdrawal the whole service was reviewed; EMOpSS is now a hybrid, "
            "partly local and partly regional.",
            "2019-20", EMOPSS4,
            (("hybrid", "mix", "part"), ("local",), ("regional",))),
    Finding("002", "para 22",
            "Staying regional across the three remaining forces: armed police training, "
            "dog training, audit and compliance.",
            "2019-20", EMOPSS4,
            (("armed", "firearms"), ("dog",), ("audit",))),
    Finding("002", "para 23",
            "Brought back to forces (mutual aid when needed): operational firearms, roads "
            "policing, tactical support team, serious collision investigation, operational "
            "dogs, operational and emergency planning.",
            "2019-20", EMOPSS4,
            (("firearms", "armed"), ("roads",), ("tactical support",), ("collision",),
             ("dog",), ("planning",))),
    # Para 24 is about the budgets of the forces still in EMOpSS (the table above it is Leicestershire's);
    # Nottinghamshire, which has left, has no EMOpSS budget to move.
    Finding("002", "para 24",
            "The EMOpSS change moves resources between regional budgets and locally held budgets.",
            "2019-20", ("leicestershire", "lincolnshire", "northamptonshire"),
            (("budget",), ("regional",), ("local",))),
    Finding("002", "para 30",
            "Leicestershire PCC and force take part in the National Police Air Service.",
            "2019-20", LEICS,
            (("National Police Air Service", "NPAS"),)),
    Finding("002", "para 30",
            "Leicestershire PCC and force take part in the Police ICT Company.",
            "2019-20", LEICS,
            (("Police ICT Company",),)),
    Finding("002", "para 30",
            "Leicestershire PCC and force take part in the National Wildlife Crime Unit.",
            "2019-20", LEICS,
            (("Wildlife Crime", "NWCU"),)),
    Finding("002", "para 30",
            "Leicestershire PCC and force take part in the National Ballistics Intelligence Service.",
            "2019-20", LEICS,
            (("Ballistics", "NABIS"),)),
    Finding("002", "para 31, bullet 1",
            "Emerging issue: austerity and funding fall unequally across the collaborating "
            "forces, so relationships across the region need continual review.",
            "2019-20", EM5,
            (("funding", "austerity"), ("equal", "uneven"))),
    Finding("002", "para 31, bullet 2",
            "Emerging issue: a national Police Commercial Organisation business case on "
            "procurement, to be considered by the NPCC and APCC later in 2019; its cost is "
            "assumed to be met by procurement savings.",
            "2019-20", LEICS,
            (("Commercial Organisation",), ("procurement",))),
    Finding("002", "paras 32-33",
            "Governance of all collaborations is set out in Section 22 agreements signed by "
            "all parties.",
            "2019-20", LEICS,
            (("Section 22", "s22", "s.22", "22A"),)),

    # ------------------------------------------------------------------ seed 003
    # Thames Valley PCP, themed item on collaboration, 21 October 2016.
    Finding("003", "Background, opening paragraph",
            "The item looks at the PCC's performance on collaboration and how the Chief "
            "Constable is held to account for the force's collaborations.",
            "2016-17", TVP,
            (("account",), ("collaborat",))),
    Finding("003", "Background, para 3",
            "Home Office (August 2016): since 2010/11 forces have saved over £290m through "
            "better procurement and collaboration.",
            "2016-17", TVP,
            (("£290m", "£290 million", "£290,000,000"), ("procurement",))),
    Finding("003", "Local information, opening paragraph",
            "Performance reports for SEROCU and the SE Counter Terrorism Unit are restricted; "
            "the PCC can answer questions on them.",
            "2016-17", TVP,
            (("restricted", "not published", "confidential", "not public"),
             ("organised crime", "SEROCU", "ROCU"))),
    Finding("003", "Local information, bullet 1",
            "SEROCU is hosted by Thames Valley and brings the regional organised crime units "
            "under one structure.",
            "2016-17", TVP,
            (("SEROCU", "Regional Organised Crime Unit", "ROCU"), ("host",),
             ("Thames Valley", "TVP"))),
    Finding("003", "Local information, bullet 1",
            "SEROCU is operationally aligned with the SE Counter Terrorism Unit.",
            "2016-17", TVP,
            (("SEROCU", "Regional Organised Crime Unit", "ROCU"),
             ("counter terror", "counter-terror"), ("align",))),
    Finding("003", "Local information, bullet 2",
            "SE CTU: a joint Assistant Chief Constable works directly to the Thames Valley "
            "Chief Constable, commanding regional crime and counter terrorism functions.",
            "2016-17", TVP,
            (("Assistant Chief Constable",), ("joint",), ("counter terror", "counter-terror"))),
    Finding("003", "Local information, bullet 3",
            "Chiltern Transport Consortium: new governance structure implemented in 2014/15; "
            "its Governance Board is chaired by the PCC.",
            "2016-17", TVP,
            (("Chiltern Transport",), ("2014/15", "2014-15"), ("chair",))),
    Finding("003", "Local information, bullet 4",
            "A memorandum of understanding with the three Fire and Rescue Services to explore "
            "sharing premises.",
            "2016-17", TVP,
            (("Fire",), ("memorandum", " MoU"), ("premises", "estate", "property", "buildings", "sites"))),
    Finding("003", "Local information, paragraph after the bullets",
            "Governance: a Hampshire/TVP Bilateral Collaboration Governance Board and a South "
            "East Regional Governance Board.",
            "2016-17", TVP,
            (("Hampshire",), ("South East", "SE Region", "SE regional"), ("Governance Board",))),
    Finding("003", "Local information, paragraph after the bullets",
            "Governance lapse: PCC draft Annual Governance Statement 2015/16 says several "
            "Hampshire/TVP Bilateral Governance Board meetings were cancelled and not "
            "rearranged in 2015/16.",
            "2016-17", TVP,
            (("Hampshire",), ("cancel", "not held", "not take place", "did not meet", "not rearranged"),
             ("2015/16", "2015-16"))),
    Finding("003", "Local information, paragraph after the bullets",
            "In future governance meetings are to be held as the Section 22A agreement requires.",
            "2016-17", TVP,
            (("22A", "Section 22", "s22"), ("meeting",))),
    Finding("003", "HMIC Report – Collaboration, bullet 1",
            "HMIC (efficiency 2015): a well-managed collaboration programme with Hampshire "
            "(ICT, joint information management unit, firearms, dogs, roads policing).",
            "2016-17", TVP,
            (("HMIC", "inspector"), ("Hampshire",), ("well-managed", "well managed", "well run", "well-run"))),
    Finding("003", "HMIC Report – Collaboration, bullets 2-3",
            "HMIC: the Hampshire collaboration is achieving efficiencies and resilience "
            "(IT, information management, joint operations unit).",
            "2016-17", TVP,
            (("HMIC", "inspector"), ("efficienc",), ("resilience",))),
    Finding("003", "HMIC Report – Collaboration, bullet 3",
            "The force is extending the Hampshire collaboration to jointly manage public "
            "contact centres.",
            "2016-17", TVP,
            (("contact centre", "contact center", "public contact"), ("Hampshire", "two forces", "joint"))),
    Finding("003", "HMIC Report – Collaboration, bullet 3",
            "The force is assessing outsourcing back office functions such as payroll and "
            "its duties management system.",
            "2016-17", TVP,
            (("outsourc",), ("payroll", "duties management", "back office", "back-office"))),
    Finding("003", "HMIC - Strategic Policing Requirement, PCC comment para 1",
            "HMIC's 2014 SPR inspection: forces need to do much more on preparedness for "
            "national threats; Thames Valley was not one of the 18 forces inspected.",
            "2016-17", TVP,
            (("SPR", "Strategic Policing Requirement"), ("18", "eighteen"))),
    Finding("003", "HMIC - Strategic Policing Requirement, bullet 1",
            "Public order: SPR requirements met, to be enhanced in 2014/15 through the wider "
            "Joint Operations Unit and regional collaboration.",
            "2016-17", TVP,
            (("public order",), ("Joint Operations Unit", "JOU"))),
    Finding("003", "HMIC - Strategic Policing Requirement, bullet 3",
            "Firearms collaboration with Hampshire (Joint Operations Unit): RAG status green.",
            "2016-17", TVP,
            (("firearms",), ("green",))),

    # ------------------------------------------------------------------ seed 004
    # East Midlands Collaboration Plan for Policing 2010/13, draft EMPAJC 22.2.10.
    Finding("004", "section 1 (Foreword), para 2",
            "A Deputy Chief Constable for regional collaboration was appointed, combining "
            "direction of regional operational teams and the collaboration programme "
            "(previously split across three chief officers).",
            "2009-10", EM5,
            (("Deputy Chief Constable", "DCC"), ("appoint", "recruit", "new post", "created"))),
    Finding("004", "section 1 (Foreword), para 3",
            "More emphasis on collaboration in support services (HR, IT, procurement, "
            "operational support) and on finding savings, in response to financial pressure.",
            "2009-10", EM5,
            (("support services", "back office", "back-office"), ("saving",))),
    Finding("004", "section 1 (Foreword), para 4; section 4, Regional and Sub-regional collaboration",
            "Sub-regional (two to four force) collaboration will play a more prominent role "
            "alongside regional (five-force) collaboration.",
            "2009-10", EM5,
            (SUB_REGIONAL,)),
    Finding("004", "section 4, Regional and Sub-regional collaboration (para on corporacy)",
            "Sub-regional collaborations are to be kept open so that all forces can join later.",
            "2009-10", EM5,
            (SUB_REGIONAL, ("join",))),
    Finding("004", "section 4, Preferred partner for sub-regional collaboration, last para",
            "Forces will initially avoid entering several sub-regional collaborations with "
            "different partners.",
            "2009-10", EM5,
            (SUB_REGIONAL, ("several", "multiple", "different partners", "more than one"))),
    Finding("004", "section 4 (Strategic principles), outcomes bullet 3",
            "Collaboration should deliver significant savings by April 2011.",
            "2009-10", EM5,
            (("April 2011", "Apr 2011"), ("saving",))),
    Finding("004", "section 4, Improved Productivity, para 1",
            "Police funding will be tighter; all the region's forces receive less than the "
            "government police funding formula indicates.",
            "2009-10", EM5,
            (("formula",), ("less", "below", "under"))),
    Finding("004", "section 5, Governance and management structures",
            "Oversight: the East Midlands Police Authorities' Joint Committee approves the plan "
            "and holds forces and the collaboration team to account; the Collaboration Board "
            "develops the programme; chief constables approve projects; the DCC leads it.",
            "2009-10", EM5,
            (("Joint Committee", "EMPAJC"), ("account", "approv", "overs"))),
    Finding("004", "section 5, Governance and management structures, para after the bullets",
            "The DCC leading regional collaboration will report to each police authority at "
            "least twice a year.",
            "2009-10", EM5,
            (("Deputy Chief Constable", "DCC"), SIX_MONTHLY, ("police authorit",))),
    Finding("004", "section 6 (Areas of work), para 2",
            "Eight strategic areas of work are set for collaboration over 2010-2013.",
            "2009-10", EM5,
            (("eight", "8 areas", "8 strategic"), ("area", "strand", "workstream"))),
    Finding("004", "section 6 (Areas of work), Human resources bullet",
            "Regional crime training is already delivering annual savings of £170k.",
            "2009-10", EM5,
            (("crime training",), ("£170k", "£170,000", "£0.17m", "£0.17 million", "£170 thousand"))),
    Finding("004", "section 6 (Areas of work), Human resources bullet",
            "A collaborative approach to vetting staff and contractors is being implemented.",
            "2009-10", EM5,
            (("vetting",),)),
    Finding("004", "section 6 (Areas of work), Finance and resources bullet",
            "Collaboration on procurement, estates and vehicle fleet is already under way.",
            "2009-10", EM5,
            (("procurement",), ("estate",), ("fleet",))),
    Finding("004", "section 7 (Financial Forecast and Collaboration Team Budget)",
            "The draft has no financial forecast or 2010/11 budget yet: the section is a "
            "placeholder to be inserted.",
            "2009-10", EM5,
            (("financ", "budget"), ("not", "blank", "placeholder", "yet", "missing", "omit"))),
]
