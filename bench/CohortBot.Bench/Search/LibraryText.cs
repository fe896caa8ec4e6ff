namespace CohortBot.Bench.Search;

/// The words of the generated library and questions: what coaches of blended-learning cohorts share
/// and what teachers ask them. Each topic has the tag a coach would give it; topics, audiences and
/// tools combine into titles, descriptions and questions (see <see cref="ResourceGenerator"/> and
/// <see cref="QuestionGenerator"/>).
internal static class LibraryText
{
    public static readonly (string Name, string Tag)[] Topics =
    [
        ("station rotation", "stationrotation"), ("lab rotation", "labrotation"), ("individual rotation", "individualrotation"),
        ("flipped classroom", "flipped"), ("flex model", "flex"), ("à la carte courses", "alacarte"), ("enriched virtual", "enrichedvirtual"),
        ("blended learning models", "blendedmodels"), ("small group instruction", "smallgroups"), ("teacher-led station", "teacherstation"),
        ("project-based learning", "pbl"), ("student conferences", "conferring"), ("choice boards", "choiceboards"), ("playlists", "playlists"),
        ("hyperdocs", "hyperdocs"), ("exit tickets", "exittickets"), ("formative assessment", "formative"), ("checks for understanding", "cfu"),
        ("differentiation", "differentiation"), ("tiered assignments", "tiered"), ("universal design for learning", "udl"),
        ("data dashboards", "data"), ("SEL check-ins", "sel"), ("classroom management", "classroommanagement"),
        ("routines and procedures", "routines"), ("transitions", "transitions"), ("noise levels", "noise"), ("instructional videos", "video"),
        ("screencasting", "screencast"), ("math facts fluency", "mathfacts"), ("word problems", "wordproblems"), ("phonics", "phonics"),
        ("vocabulary", "vocabulary"), ("audiobooks", "audiobooks"), ("professional learning communities", "plc"),
        ("self-paced learning", "selfpaced"), ("mastery-based grading", "mastery"), ("absent students", "absences"),
        ("sub plans", "subplans"), ("headphones", "headphones"), ("wifi hotspots", "wifi"), ("kindergarten centers", "kindergarten"),
        ("logins and passwords", "logins"), ("student engagement", "engagement"), ("group work", "groupwork"), ("rubrics", "rubrics"),
        ("rotation charts", "rotationchart"), ("visual timers", "timers"), ("sentence frames", "sentenceframes"),
        ("graphic organizers", "graphicorganizers"), ("digital citizenship", "digitalcitizenship"), ("student choice", "studentchoice"),
        ("bell ringers", "warmups"), ("online station", "onlinestation"), ("independent practice", "independentwork"),
        ("accommodations", "accommodations"), ("gifted learners", "gifted"), ("early finishers", "earlyfinishers"),
        ("intervention blocks", "intervention"), ("struggling readers", "struggling"), ("Nearpod lessons", "nearpod"),
        ("Pear Deck slides", "peardeck"), ("Kahoot review games", "reviewgames"), ("Blooket", "reviewgames"), ("Padlet walls", "padlet"),
        ("adaptive software", "adaptive"), ("IXL practice", "ixl"), ("Lexia", "lexia"), ("Zearn", "zearn"), ("class newsletters", "newsletter"),
        ("student agency", "agency"), ("lesson planning", "lessonplanning"), ("peer observation", "observation"),
        ("parent communication", "families"), ("English learners", "ell"), ("special education", "sped"), ("Google Classroom", "lms"),
        ("Canvas modules", "lms"), ("Schoology", "lms"), ("Chromebooks", "devices"), ("iPads", "devices"), ("goal setting", "goalsetting"),
        ("student trackers", "trackers"), ("reading workshop", "readingworkshop"), ("writing conferences", "writing"),
        ("science labs", "science"), ("fractions", "fractions"), ("number talks", "numbertalks"), ("guided reading", "guidedreading"),
        ("book clubs", "bookclubs"), ("peer tutoring", "peertutoring"), ("mindfulness", "mindfulness"), ("growth mindset", "growthmindset"),
        ("feedback", "feedback"), ("digital portfolios", "portfolios"), ("homework", "homework"), ("grading", "grading"),
        ("pacing guides", "pacing"), ("co-teaching", "coteaching"), ("student reflection", "reflection"), ("test prep", "testprep"),
        ("coding", "coding"), ("STEM challenges", "stem"), ("makerspace", "makerspace"), ("brain breaks", "brainbreaks"),
        ("seating charts", "seating"), ("classroom layout", "layout"), ("anchor charts", "anchorcharts"), ("fluency practice", "fluency"),
        ("discussion protocols", "discussion"), ("Socratic seminars", "discussion"), ("close reading", "closereading"),
        ("lab reports", "science"), ("primary sources", "socialstudies"), ("map skills", "socialstudies"), ("spelling", "spelling"),
        ("handwriting", "handwriting"), ("typing skills", "typing"), ("research projects", "research"), ("media literacy", "medialiteracy"),
    ];

    public static readonly string[] Formats =
    [
        "guide", "planning template", "checklist", "video walkthrough", "slide deck", "lesson plan", "podcast episode", "blog post",
        "case study", "research brief", "toolkit", "quick-start guide", "webinar recording", "sample schedule", "rubric", "infographic",
        "FAQ", "reflection protocol", "classroom tour", "student handout", "parent letter template", "observation tool",
        "self-assessment", "starter kit", "cheat sheet", "workshop slides", "tracker", "anchor chart", "unit plan", "menu of options",
    ];

    public static readonly string[] Audiences =
    [
        "K-2", "kindergarten", "1st grade", "2nd grade", "3rd grade", "4th grade", "5th grade", "6th grade", "7th grade", "8th grade",
        "middle school", "high school", "upper elementary", "ELLs", "students with IEPs", "large classes", "classes of 30+",
        "new teachers", "co-taught classrooms", "multi-age classrooms", "one-device classrooms", "1:1 classrooms", "intervention groups",
        "advanced learners", "reluctant readers", "newcomers", "summer school", "block schedules",
    ];

    public static readonly (string Name, string Tag)[] Subjects =
    [
        ("math", "math"), ("ELA", "ela"), ("science", "science"), ("social studies", "socialstudies"), ("reading", "reading"),
        ("writing", "writing"), ("Spanish", "worldlanguages"), ("art", "art"), ("PE", "pe"), ("music", "music"), ("algebra", "math"),
        ("geometry", "math"), ("biology", "science"), ("chemistry", "science"), ("US history", "socialstudies"), ("CTE", "cte"),
    ];

    public static readonly string[] Aspects =
    [
        "grouping students", "timing each station", "what the teacher station is for", "holding students accountable online",
        "keeping the noise down", "setting up the online station", "using data to regroup", "what to do when the tech fails",
        "launching the first week", "student self-assessment", "reteaching on the spot", "getting parents on board",
        "planning on a Sunday night in an hour", "moving between stations without losing ten minutes", "norms students write themselves",
        "sharing devices", "students who finish early", "students who never finish", "tracking who did what",
        "giving feedback fast", "making videos short", "choosing what to flip", "modeling expectations", "building stamina",
        "student choice without chaos", "grading without drowning", "accommodations for IEPs", "sentence frames for ELLs",
        "scaffolds for struggling readers", "extensions for advanced learners", "headphone etiquette", "charging carts",
        "logins for little ones", "QR codes for sign-in", "visual schedules", "rotation boards", "exit ticket data",
        "conferring notes", "goal-setting sheets", "checking for understanding", "wait time", "peer feedback", "collaborative norms",
        "pacing across a unit", "mastery checks", "make-up work for absent students",
    ];

    public static readonly string[] Tools =
    [
        "Google Classroom", "Canvas", "Schoology", "Seesaw", "Nearpod", "Pear Deck", "Kahoot", "Quizizz", "Blooket", "Gimkit", "Padlet",
        "Flip", "Edpuzzle", "Screencastify", "Loom", "Desmos", "IXL", "Lexia", "i-Ready", "DreamBox", "Zearn", "Newsela", "CommonLit",
        "Khan Academy", "Book Creator", "Canva", "Google Slides", "Google Forms", "Microsoft Teams", "OneNote", "Wakelet", "Epic",
    ];

    public static readonly string[] Problems =
    [
        "the online station finishes way before everyone else", "kids keep interrupting my small group",
        "it gets so loud during rotations", "half my chromebooks are dead by 10am", "students forget their logins every single day",
        "my early finishers have nothing to do", "transitions take forever", "I can't tell who actually did the online work",
        "my ELLs are lost at the online station", "parents don't get the new grading", "nobody watches the flipped videos at home",
        "the wifi drops in the middle of the lesson", "my groups are all over the place", "I run out of time for the teacher table",
        "a few kids refuse to work in groups", "the independent station turns into social hour", "my sub could not run the rotation",
        "I have 34 kids and one outlet", "students rush through IXL just to finish", "my kinders can't read the directions",
        "I spend every evening making playlists", "my co-teacher and I plan on different days", "the data dashboard makes no sense",
        "students click through the videos without watching", "my class is too big for four stations",
        "half the class was absent on Friday", "students copy answers at the online station", "my station timer never works",
    ];

    public static readonly string[] Goals =
    [
        "get kids to own their learning", "keep the teacher table uninterrupted", "make stations run themselves",
        "check understanding without grading forever", "give feedback on writing faster", "get students to actually watch the videos",
        "group students using data", "start a rotation with a new class", "manage devices in a 1:1 classroom",
        "differentiate without making three lessons", "keep the noise at a working level", "help ELLs at the online station",
        "move to mastery grading", "support students with IEPs in stations", "plan a flipped unit", "run conferences in 5 minutes",
        "keep early finishers busy with something real", "teach routines in the first week", "keep parents in the loop",
    ];

    public static readonly string[] Surnames =
    [
        "Rivera", "Nguyen", "Okafor", "Patel", "Johnson", "Kowalski", "Haddad", "Schmidt", "Tanaka", "Garcia", "O'Brien", "Mensah",
        "Larsen", "Dubois", "Silva", "Cohen", "Ibrahim", "Novak", "Walker", "Yamamoto", "Reyes", "Fischer", "Ahmed", "Murphy",
    ];

    public static readonly string[] Schools =
    [
        "Lincoln Elementary", "Roosevelt Middle", "Jefferson High", "Cedar Ridge", "Maple Grove", "Riverside Academy", "Oak Park",
        "Hillcrest", "Westview", "Pine Valley", "Lakeside", "Eastgate", "Sunnyvale", "Brookside", "Highland", "Meadowbrook",
    ];

    public static readonly string[] Sites =
    [
        "www.edutopia.org/article", "catlintucker.com", "www.blendedlearning.org", "www.christenseninstitute.org/blog",
        "docs.google.com/document/d", "docs.google.com/presentation/d", "www.youtube.com/watch", "www.teacherspayteachers.com/Product",
        "www.cultofpedagogy.com", "www.ascd.org/el/articles", "www.edweek.org/teaching-learning", "modernclassrooms.org",
        "district.sharepoint.com/sites/blended", "padlet.com/coach", "www.canva.com/design", "www.readingrockets.org/article",
        "www.understood.org/articles", "www.colorincolorado.org/article", "www.commonsense.org/education/articles", "wakelet.com/wake",
    ];

    public static readonly string[] Months =
    [
        "September", "October", "November", "December", "January", "February", "March", "April", "May",
    ];

    /// Questions that have nothing to do with the library: the bot must answer them, with nothing.
    public static readonly string[] OffTopic =
    [
        "when is the next cohort meeting", "is there school on friday?", "what's the wifi password at the district office",
        "can I get credit hours for this cohort", "lol thanks", "who do I ask about my paycheck", "is the parking lot closed tomorrow",
        "what time is the staff potluck", "my projector bulb is out", "did anyone find a blue water bottle in room 12",
        "are we wearing jeans on friday", "thanks so much!!", "ok", "where do I turn in my mileage form",
    ];

    /// The first words of the bot's commands: a question must not start with one, or it is a command.
    public static readonly string[] CommandWords =
        ["help", "share", "resources", "open", "close", "link", "status", "coach", "checkin", "check-in", "check"];
}
