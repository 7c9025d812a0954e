"""Hand-typed expectations: membership of a force in a collaboration on a date.

Answered by hand from the four seeds, the research pack and the sources the issue-14 research
added (rows marked NC never count), reading every source held whatever its date
(``membership.reading`` without ``known_by``). Nothing here was copied from program output.

Rules applied
- "member": a source shows the force in it at or before the date and nothing since
  says it left; a spell shown at two dates holds in between; after the newest
  evidence it holds unless a later source says left / not a member / unclear.
- "not a member": a withdrawal, an explicit statement, or a list the source presents
  as complete (seed 000 "Five Force" / "Four Force" / "Two-force" lists; seed 002
  "three force model in operation (...)", EMCJS "four Forces (...)").
- "not known": everything else (partial lists; before the first evidence; inside
  the precision period of a join dated only by year or month; after "unclear").
- "sources differ": a later source says not a member where no source records the
  force leaving.
- Branch rule: evidence that a force is in a branch counts for the parent; a
  statement that a force is not in the parent counts for every branch.
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    collab: str
    force: str
    on: str
    expect: str
    why: str


S000 = "seed 000 (31 Jan 2018) para 4"
S002 = "seed 002 (22 Jul 2019)"

CASES = [
    # ---------------------------------------------- complete lists: member side
    Case("emsou", "nottinghamshire", "2018-01-31", "member",
         f"{S000}: 'Five Force Collaborations (Derbyshire, Leicestershire, Lincolnshire, "
         "Northamptonshire and Nottinghamshire)' includes EMSOU."),
    Case("em-legal", "lincolnshire", "2018-01-31", "member",
         f"{S000}: East Midlands Legal Services in the five-force list."),
    Case("em-collab-team", "northamptonshire", "2018-01-31", "member",
         f"{S000}: EM Police Collaboration Team in the five-force list."),
    Case("em-ict-pmo", "derbyshire", "2018-01-31", "member",
         f"{S000}: Regional ICT PMO (Regional IS PMO) in the five-force list."),
    Case("emchrs-oh", "derbyshire", "2018-01-31", "member",
         f"{S000}: HR Occupational Health (EMCHRS OH) in the five-force list."),
    Case("emchrs-ld", "nottinghamshire", "2018-01-31", "member",
         f"{S000}: EMCHRS L&D four-force list (Derbyshire, Leicestershire, Northamptonshire "
         "and Nottinghamshire)."),
    Case("emopss", "lincolnshire", "2018-01-31", "member",
         f"{S000}: EMOpSS four-force list (Leicestershire, Lincolnshire, Northamptonshire and "
         "Nottinghamshire)."),
    Case("em-hr-service-centre", "derbyshire", "2018-01-31", "member",
         f"{S000}: 'Two-force collaboration' Shared HR Service Centre (Derbyshire and Leicestershire)."),
    Case("emopss", "northamptonshire", "2019-07-22", "member",
         f"{S002} para 20: 'three force model in operation (Leicestershire, Lincolnshire and "
         "Northamptonshire)'."),
    Case("emcjs", "northamptonshire", "2019-07-22", "member",
         f"{S002} para 27: EMCJS 'provides services for four Forces (Leicestershire, "
         "Lincolnshire, Northamptonshire and Nottinghamshire)'."),
    Case("emcjs", "nottinghamshire", "2019-07-22", "member",
         f"{S002} para 27: four-force EMCJS list names Nottinghamshire. HMICFRS PEEL 2018/19 "
         "concern about Nottinghamshire's 'decision to withdraw from collaborations' names no "
         "collaboration, so it does not touch EMCJS."),

    # ---------------------------------------------- complete lists: not-member side
    Case("emopss", "derbyshire", "2018-01-31", "not a member",
         f"{S000}: EMOpSS four-force list (complete) omits Derbyshire."),
    Case("emopss", "derbyshire", "2019-07-22", "not a member",
         f"{S002} para 20: three-force model (complete list) omits Derbyshire."),
    Case("emcjs", "derbyshire", "2018-01-31", "not a member",
         f"{S000}: EMCJS four-force list (complete) omits Derbyshire."),
    Case("emcjs", "derbyshire", "2019-07-22", "not a member",
         f"{S002} para 27: EMCJS 'four Forces (...)' (complete) omits Derbyshire."),
    Case("em-hr-service-centre", "nottinghamshire", "2018-01-31", "not a member",
         f"{S000}: 'Two-force collaboration ... (Derbyshire and Leicestershire)' is complete."),
    Case("em-hr-service-centre", "lincolnshire", "2018-01-31", "not a member",
         f"{S000}: two-force list (complete) omits Lincolnshire."),
    Case("emchrs-ld", "lincolnshire", "2018-01-31", "not a member",
         f"{S000}: EMCHRS L&D four-force list (complete) omits Lincolnshire."),

    # ---------------------------------------------- partial lists: others not known
    Case("npas", "leicestershire", "2019-07-22", "member",
         f"{S002} para 30: national collaborations 'that the PCC and Force are involved in'."),
    Case("nwcu", "leicestershire", "2019-07-22", "member",
         f"{S002} para 30: National Wildlife Crime Unit listed for Leicestershire."),
    Case("npas", "nottinghamshire", "2019-07-22", "not known",
         f"{S002} para 30 names only Leicestershire ('such as', partial); nothing else on "
         "Nottinghamshire in NPAS."),
    Case("nabis", "derbyshire", "2019-07-22", "not known",
         f"{S002} para 30 is about Leicestershire only; no source on Derbyshire in NABIS."),
    Case("police-ict-company", "lincolnshire", "2019-07-22", "not known",
         f"{S002} para 30 is about Leicestershire only; no source on Lincolnshire."),
    Case("nwcu", "northamptonshire", "2019-07-22", "not known",
         f"{S002} para 30 is about Leicestershire only; no source on Northamptonshire."),
    Case("ctpse", "thames-valley", "2016-10-21", "member",
         "seed 003 Local information, bullet 2: SE Counter Terrorist Unit is among Thames "
         "Valley's collaborations; joint ACC works to the TVP Chief Constable."),
    Case("ctpse", "surrey", "2016-10-21", "not known",
         "seed 003 lists Thames Valley's collaborations only (partial for other forces); the "
         "pack names SE CTU/CTP South East members nowhere (SEROCU row lists SEROCU members, "
         "not the CTU's)."),
    Case("origin-hr-system", "leicestershire", "2012-05-24", "not known",
         "Capita, 24 May 2012: the three forces 'will become' the first to share the system: an "
         "intention, not membership; no source says it went live (the fact-check of the built papers)."),
    Case("origin-hr-system", "lincolnshire", "2012-05-24", "not known",
         "Capita 24 May 2012 names 'the first three' forces, a partial list; nothing on "
         "Lincolnshire (its G4S outsourcing is not a statement about Origin)."),
    Case("chiltern-transport", "thames-valley", "2016-10-21", "member",
         "seed 003 Local information, bullet 3: collaboration 'currently' covers the Chiltern "
         "Transport Consortium; its Governance Board is chaired by the (TV) PCC."),
    Case("chiltern-transport", "hampshire", "2016-10-21", "not a member",
         "Fleet News, 17 Sep 2010 (found by the issue-14 research, confirmed by a second reading): "
         "the consortium serves 'all the fleet requirements of Bedfordshire Police, Civil Nuclear "
         "Constabulary, Hertfordshire Constabulary and Thames Valley Police', a complete list "
         "without Hampshire; nothing later says Hampshire joined."),
    Case("mfss", "leicestershire", "2018-06-01", "not a member",
         "Cheshire Constabulary's MFSS page: MFSS 'went live on April 1st 2012' with its two founder "
         "forces, Cheshire and Northamptonshire (a complete list at that date); the later joiner "
         "named is Nottinghamshire (Apr 2015); nothing says Leicestershire joined."),

    # ---------------------------------------------- withdrawal (Nottinghamshire, EMOpSS)
    Case("emopss", "nottinghamshire", "2018-01-31", "member",
         f"{S000}: EMOpSS four-force list includes Nottinghamshire."),
    Case("emopss", "nottinghamshire", "2018-04-30", "member",
         f"{S000} four-force list (Jan 2018); pack 3a: Nottinghamshire leaves on 1 May 2018 "
         "(BBC), so still a member the day before."),
    Case("emopss", "nottinghamshire", "2018-05-01", "not a member",
         "pack 3a: 'Nottinghamshire leaves EMOpSS' 1 May 2018 (BBC; first day no longer a member)."),
    Case("emopss", "nottinghamshire", "2019-07-22", "not a member",
         f"left 1 May 2018 (pack 3a); {S002} para 20: withdrew, three-force model (complete) "
         "omits Nottinghamshire."),

    # ---------------------------------------------- continuity between dated sources
    Case("emsou", "lincolnshire", "2015-06-01", "member",
         "pack 3a: s23 agreements signed by all five 20 Jan 2012; seed 000 five-force list "
         "31 Jan 2018; spell holds in between."),
    Case("emsou", "nottinghamshire", "2021-01-01", "member",
         f"{S002} paras 13-16 'the five forces' (Jul 2019); pack 3a HMICFRS 2 Mar 2023 inspection "
         "of the five-force regional SOC response; spell holds in between."),
    Case("emsou-mc", "northamptonshire", "2015-06-01", "member",
         "pack 3a: Major Crime Unit created under s23 agreements signed by all five, 20 Jan "
         f"2012; {S002} para 15 major crime 'across the five forces'; holds in between."),
    Case("em-legal", "lincolnshire", "2018-10-01", "member",
         f"{S000} five-force list (Jan 2018); {S002} para 26 legal services to 'all Chief "
         "Constables and Police & Crime Commissioners across the region'; holds in between."),
    Case("emcjs", "leicestershire", "2018-10-01", "member",
         f"{S000} and {S002} para 27 both list Leicestershire in EMCJS; holds in between."),
    Case("emopss", "lincolnshire", "2016-06-01", "member",
         f"{S002} para 20 created in 2015 with four forces (Lincolnshire among them: it is in the "
         "remaining three); pack 3a/2 Lincolnite 8 Jan 2016; seed 000 Jan 2018 list; holds in between."),
    Case("tvp-hants-jou", "thames-valley", "2015-06-01", "member",
         "pack 3b: JOU first senior officers Apr 2011, interim s23 May 2011; seed 003 SPR "
         "section (2014 comment) and HMIC 2015 'joint police operations unit'; still running "
         "2021; holds in between."),
    Case("em-ict-pmo", "derbyshire", "2019-07-22", "member",
         f"{S000} five-force list (Jan 2018) is the newest evidence; nothing later says "
         "Derbyshire left, so it continues (seed 002's silence is not a statement)."),
    Case("origin-hr-system", "derbyshire", "2014-01-01", "not known",
         "Capita 24 May 2012 announces that Derbyshire 'will become' one of the first three users; no "
         "source says the system went live, so no source shows Derbyshire as a member."),
    Case("mfss", "nottinghamshire", "2018-06-01", "member",
         "pack 3a: Nottinghamshire joins MFSS Apr 2015; NottsTV 2018 reports its MFSS spend; "
         "nothing says it left."),
    Case("mfss", "cheshire", "2019-01-01", "member",
         "pack 3a: MFSS live 1 Apr 2012 with Cheshire and Northamptonshire; Cheshire moves "
         "HR/payroll in house only from 2021."),

    # ---------------------------------------------- before the first evidence
    Case("emopss", "leicestershire", "2013-06-01", "not a member",
         "seed 002 para 20: 'The unit was created in 2015 with four of the five force areas "
         "originally participating': a force that joined a unit created in 2015 was not a member of "
         "it in 2013 (the December 2013 agreement agreed to form it)."),
    Case("emcjs", "derbyshire", "2017-06-01", "not known",
         "first evidence is seed 000 (31 Jan 2018); a complete list speaks only for its own "
         "date; EMCJS start date NC (pack section 6 item 4)."),
    Case("emcjs", "leicestershire", "2017-06-01", "not known",
         "first evidence seed 000 (31 Jan 2018); EMCJS start date NC."),
    Case("serocu", "surrey", "2014-03-01", "not known",
         "SEROCU membership runs 'from 1 Apr 2014' (pack 3b); nothing earlier on SEROCU "
         "(the pre-ROCU SE regional units are a different collaboration)."),
    Case("tvp-hants-jou", "thames-valley", "2010-06-01", "not known",
         "first evidence: JOU agreed by police authorities Nov 2010 (pack 3b)."),
    Case("mfss", "nottinghamshire", "2015-03-01", "not a member",
         "Nottinghamshire joins MFSS in April 2015 (pack 3a, Cheshire's MFSS page): before the month "
         "of its joining it was not yet a member."),
    Case("origin-hr-system", "leicestershire", "2012-01-01", "not known",
         "first evidence Capita 24 May 2012."),

    # ---------------------------------------------- dates inside a precision period
    Case("emsou-fs", "derbyshire", "2012-06-01", "member",
         "pack 3a: EMSOU Forensic Services goes live Apr 2012 for Derbyshire, Lincolnshire, "
         "Nottinghamshire (Derbyshire PA news 19 Jun 2012); June is after April."),
    Case("emsou-fs", "leicestershire", "2015-06-01", "not known",
         "join dated only '2015' (seed 002 para 16 single Centre of Excellence in 2015; pack "
         "3a 'all 5' in 2015): mid-2015 lies inside the year, so not yet known."),
    Case("emsou-fs", "leicestershire", "2016-01-01", "member",
         f"joined 2015 (year precision, so by 31 Dec 2015); {S002} para 16 'the five forces'."),
    Case("emsou-fs", "northamptonshire", "2015-12-31", "member",
         "joined 2015 (year precision): the join lies on or before the last day of 2015."),
    Case("mfss", "nottinghamshire", "2015-04-15", "not known",
         "joins 'Apr 2015' (month precision, pack 3a): mid-April is inside the month."),
    Case("mfss", "nottinghamshire", "2015-05-01", "member",
         "joins Apr 2015 (pack 3a): by 1 May 2015 the join has happened."),

    # ---------------------------------------------- branches and the Lincolnshire EMCHRS conflict
    Case("emchrs", "lincolnshire", "2017-06-01", "not known",
         "before the first evidence (seed 000, 31 Jan 2018); EMCHRS start dates NC."),
    Case("emchrs-ld", "lincolnshire", "2017-06-01", "not known",
         "before the first evidence (seed 000, 31 Jan 2018)."),
    Case("emchrs-oh", "lincolnshire", "2018-01-31", "member",
         f"{S000}: HR Occupational Health (EMCHRS OH) in the five-force list."),
    Case("emchrs", "lincolnshire", "2018-01-31", "member",
         f"branch rule: {S000} shows Lincolnshire in EMCHRS OH, which counts for the parent "
         "EMCHRS; the L&D omission is about the branch only and does not count against the parent."),
    Case("emchrs-oh", "lincolnshire", "2018-10-01", "member",
         f"{S000} OH five-force list (Jan 2018) is the latest evidence at this date; no source "
         "says Lincolnshire left; the contrary statement is dated 22 Jul 2019, later."),
    Case("emchrs", "lincolnshire", "2019-07-22", "sources differ",
         f"{S002} para 18 'Lincolnshire not participating' (not-member) vs membership via the "
         "OH branch in seed 000 (Jan 2018), with no source recording Lincolnshire leaving."),
    Case("emchrs-oh", "lincolnshire", "2019-07-22", "sources differ",
         f"seed 000 OH five-force list (Jan 2018) vs {S002} para 18 parent not-member, which "
         "counts for every branch; no leaving recorded."),
    Case("emchrs-oh", "lincolnshire", "2021-01-01", "sources differ",
         "same conflict as at 2019-07-22; no later source resolves it."),
    Case("emchrs-ld", "lincolnshire", "2019-07-22", "not a member",
         f"seed 000 L&D four-force list omits Lincolnshire (Jan 2018) and {S002} para 18 "
         "parent not-member counts for the branch: the sources agree."),
    Case("emchrs", "derbyshire", "2019-07-22", "member",
         f"{S002} para 18: 'four of the five force areas with Lincolnshire not participating', "
         "so Derbyshire is in; also via its L&D and OH branches in seed 000."),
    Case("emchrs-ld", "derbyshire", "2019-07-22", "member",
         f"{S000} L&D four-force list includes Derbyshire; nothing since says it left."),
    Case("emchrs-oh", "nottinghamshire", "2019-07-22", "member",
         f"{S000} OH five-force list includes Nottinghamshire; nothing since says it left "
         "(parent membership alone would not prove a branch, but the branch evidence is direct)."),

    # ---------------------------------------------- qualifiers and hosting
    Case("serocu", "kent", "2016-10-21", "not known",
         "The 'to a lesser extent' words are not on SEROCU's About page (which names Hampshire, "
         "Surrey, Sussex and Thames Valley only, not as the full membership) but in the Thames "
         "Valley panel minutes of 7 Sep 2018; the Surrey decision 062/2014 is an agreement to set "
         "up regional units, with no excerpt naming Kent as a member. So before Sep 2018 no source "
         "shows Kent in SEROCU."),
    Case("serocu", "kent", "2018-09-07", "member",
         "Thames Valley panel minutes, 7 Sep 2018: 'forces of Thames Valley, Sussex, Surrey, "
         "Hampshire and (to a lesser extent) Kent'; the qualifier stays visible."),
    Case("serocu", "thames-valley", "2016-10-21", "member",
         "seed 003 Local information, bullet 1: SEROCU 'hosted by Thames Valley'."),
    Case("serocu", "surrey", "2015-01-01", "not known",
         "SEROCU's About page names Surrey among the forces it supports, but the page is dated only "
         "by year (2015): on 1 Jan 2015 it cannot yet be relied on; no earlier source names Surrey."),
    Case("serocu", "surrey", "2017-01-01", "member",
         "SEROCU's About page names Surrey among the forces it supports; the page names an assistant chief "
         "constable who joined Thames Valley in 2016, so it dates from 2016 at the earliest: a member "
         "from the end of 2016; nothing says it left."),
    Case("serocu", "sussex", "2018-09-07", "member",
         "pack 3b: TV PCP minutes 7 Sep 2018 and SEROCU About page list Sussex."),
    Case("tvp-hants-bilateral", "hampshire", "2016-10-21", "member",
         "seed 003 Local information, bullet 5: 'Bi-lateral collaborative arrangements with "
         "Hampshire Constabulary'; Hampshire/TVP Bilateral Collaboration Governance Board."),

    # ---------------------------------------------- unclear (recast) then not known
    Case("tri-force-alliance", "leicestershire", "2016-01-01", "member",
         "pack 3a: tri-force Strategic Alliance explored from Aug 2015, proof of concept "
         "accepted 17 Dec 2015, blueprint requested 24 Mar 2016 (Leics, Northants, Notts)."),
    Case("tri-force-alliance", "northamptonshire", "2019-01-01", "not known",
         "pack 3a: after May 2016 recast as 'tri-force collaboration'; end date and outcome "
         "NC. Recast = unclear, so afterwards not known."),
    # ---------------------------------------------- round-3 fact-check
    Case("serocu", "kent", "2019-06-21", "not known",
         "Thames Valley panel minutes, 21 Jun 2019, describe South East regional collaboration as between "
         "Thames Valley, Sussex, Surrey and Hampshire, without Kent: not a complete list of SEROCU's "
         "members, but it casts doubt on the 2018 'to a lesser extent', so unclear."),
    Case("em-crime-training", "derbyshire", "2019-07-22", "not known",
         "seed 002 paras 18-19: EMCHRS L&D serves four forces (not Lincolnshire) and is responsible for "
         "crime training; the seed does not say the 2010 regional crime training collaboration continues "
         "as such, so its own membership is unclear (the work is counted under EMCHRS)."),
    Case("em-crime-training", "lincolnshire", "2019-07-22", "not known",
         "seed 002 paras 18-19: crime training is run by EMCHRS L&D, in which Lincolnshire does not take "
         "part; no source says Lincolnshire left regional crime training, so unclear, not 'no'."),
    Case("em-scu", "derbyshire", "2018-06-04", "not known",
         "Nottinghamshire's report of 4 Jun 2018 (para 4.3) describes procurement collaboration with "
         "Northamptonshire only and does not name the unit; the 2014 speech naming Derbyshire is thereby "
         "in doubt."),
]
