namespace CohortBot.Hosting;

/// What the demo's teachers and coaches write in their history, in their words: by stage of the
/// year (setting up, building routines, using data), so a term reads like one. No student names.
internal static class DemoHistoryText
{
    public static readonly string[][] Wins =
    [
        [
            "We ran all three stations today and nobody got lost between them.",
            "My class learned the rotation signal in two days; transitions are under two minutes.",
            "The online station kept the group busy the whole 15 minutes, so I could stay with my small group.",
            "Students logged in on their own for the first time without me walking around.",
            "I used a visual timer for the rotations and it cut the questions in half.",
            "A colleague helped me set up the playlist and it worked on the first try.",
        ],
        [
            "My teacher-led station finally feels like real small-group instruction, not crowd control.",
            "Students are starting to check their own progress on the online station before asking me.",
            "We kept the routine going through a fire drill and picked up right where we left off.",
            "I had time for three short conferences during the independent station.",
            "The exit tickets from the online station told me exactly who to pull the next day.",
            "Two students who rarely speak up led their station's discussion.",
            "Planning with my grade-level team saved me a whole evening this week.",
        ],
        [
            "I regrouped students from last week's data and the small group was just right.",
            "Students chose their own path in the playlist and most picked the right level.",
            "Our team now plans the teacher-led station together every Thursday.",
            "Half the class finished the unit early and moved on without waiting for me.",
            "I could see growth in the online practice scores for my lowest group.",
            "A visiting teacher asked to copy my station board for her classroom.",
        ],
    ];

    public static readonly string[][] Challenges =
    [
        [
            "The noise level at the collaborative station is still too high.",
            "Logins eat the first ten minutes of the online station.",
            "Some students finish the online work in five minutes and then wander.",
            "I don't have enough devices for a full station on Mondays.",
            "I'm not sure how long each rotation should be for my class.",
        ],
        [
            "My small groups run long, so the other stations run out of work.",
            "It is hard to keep the independent station meaningful and not just busywork.",
            "Students who were absent don't know which station to go to.",
            "I'm spending too much time building the online playlists each week.",
            "The Wi-Fi dropped twice this cycle and the online station stalled.",
        ],
        [
            "Grouping from the data takes me longer than the lesson itself.",
            "A few students always pick the easiest path in the playlist.",
            "I want to add a second model but don't know where to start.",
            "Keeping the groups flexible without confusing the students.",
            "Fitting conferences in on days with assemblies or testing.",
        ],
    ];

    public static readonly string[][] NextSteps =
    [
        [
            "Post a station chart with pictures so students know where to go.",
            "Practise the rotation signal twice before we start the content.",
            "Add a 'when you finish' board to the online station.",
            "Shorten the rotations to 12 minutes and see if focus improves.",
            "Pre-load the logins on the devices before the students arrive.",
        ],
        [
            "Use the exit tickets to plan tomorrow's teacher-led group.",
            "Try one 1:1 conference at the independent station every day.",
            "Share the playlist with my team so we build it once.",
            "Give the collaborative station a job card for each role.",
            "Set a timer for my own small group so it doesn't run long.",
        ],
        [
            "Regroup students every Monday from the weekly data.",
            "Offer a choice board at the online station for students who finish.",
            "Try a Flex day on Friday for the students who are ahead.",
            "Plan next unit's small-group lessons with the team from the pre-test.",
            "Invite a colleague to watch my teacher-led station and give feedback.",
        ],
    ];

    public static readonly string[] CoachReplies =
    [
        "Great question. I'll stop by on Thursday during your second rotation and we can look at it together.",
        "I've shared a short video of a 12-minute rotation in the cohort channel; let's talk after you watch it.",
        "Try giving the online station a fixed 'must do' and a 'may do'. I can help you set it up tomorrow.",
        "Thanks for flagging this. Let's meet during your planning period on Wednesday.",
        "Several teachers hit the same thing; I'm adding it to the next PD session and will send you the template now.",
        "I'll bring two extra devices from the library cart on Monday so the station can run.",
        "Your data is a great start. Let's sort the groups together on Friday; it takes 15 minutes once you have a system.",
        "Let's co-teach the teacher-led station once next week so you can see the timing.",
    ];

    public static readonly string[] TryFirst =
    [
        "Start each rotation with a one-minute goal at every station.",
        "Use the station rotation planning template for next week's lessons.",
        "Form three groups from the last quiz instead of two.",
        "Add a must-do and may-do list to the online station.",
        "Try a short 1:1 conference during independent work.",
        "Plan the teacher-led station first and build the others around it.",
        "Share one playlist with my team and reuse it.",
    ];

    public static readonly string[] VisitReflections =
    [
        "The rotation signal was so calm; I'll try the chime instead of my voice.",
        "I loved the station board with pictures. Making one this weekend.",
        "Seeing the teacher-led group with only five students convinced me to make my groups smaller.",
        "The 'ask three before me' rule at the online station kept the host free. Trying it Monday.",
        "Students knew exactly where to go; I'll practise the transitions with my class first.",
        "The exit ticket at the end of each rotation was simple and I'll use it tomorrow.",
    ];

    public static readonly string[] CommitmentReasons =
    [
        "I coach the volleyball team on Thursdays until November.",
        "I have a family commitment that evening.",
        "Parent conferences are scheduled that week.",
    ];

    public static readonly string[] NudgeMessages =
    [
        "Quick reminder: this week's check-in closes on Sunday afternoon. Two minutes, and it helps your coach plan the next steps with you.",
        "Thanks to everyone who answered already! If you haven't yet, the check-in card is in your chat; it closes on Sunday.",
    ];
}
