"""The guide: what to know about muscle knots, as plain text, one topic a page.

Our own words, kept here as data in one place, so the app's guide screen, its
first-run safety note and `knotsession guide` all show the same text. Each topic
names the routines that apply, by id; a test checks them against the library.
Paragraphs are plain text (never markup); a line starting with "- " is a list item.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """One page of the guide: a short id for the command line, a title, paragraphs, routines."""

    id: str
    title: str
    paragraphs: tuple[str, ...]
    routines: tuple[str, ...] = ()


SAFETY = Topic(
    id="safety",
    title="Stretch and massage safely",
    paragraphs=(
        "Stretch gently, to a feeling of mild tension, never to pain. Press on a knot only as "
        "hard as is strong but bearable, and ease off at once if the pain is sharp, shooting or "
        "tingling, or if anything goes numb. Keep a ball or roller off the spine, bones and the "
        "front and sides of the neck.",
        "Each routine's preview lists when to skip it. In general, ask a doctor or "
        "physiotherapist first after a recent injury or surgery, with osteoporosis (before ball "
        "or roller pressure), in pregnancy (before deep pressure or lying flat on your back "
        "later on), and if you take blood thinners or bruise easily (before deep pressure).",
        "These routines are for everyday stiffness and knots. They do not diagnose or treat an "
        "injury or illness. If pain persists, keeps coming back or comes with the warning signs "
        "on the 'When to see a professional' page, see one.",
    ),
    routines=("desk-5", "breathe-3"),
)

SEE_A_PROFESSIONAL = Topic(
    id="see-a-professional",
    title="When to see a professional",
    paragraphs=(
        "Stop stretching and get medical help the same day (emergency services if it is sudden "
        "or severe) when you have:",
        "- numbness, tingling or weakness in an arm, hand, leg or foot, or trouble with balance",
        "- pain that spreads down an arm or a leg",
        "- a sudden, severe headache, the worst you have had, or one with a stiff neck, "
        "confusion, blurred or double vision or trouble speaking",
        "- pain after a fall, an accident or another injury",
        "- pain with a fever, or with weight loss you cannot explain",
        "- pain that wakes you at night or is there even when you rest",
        "- chest pain, or pain with shortness of breath",
        "- a calf that is swollen, hot, red or tender",
        "- loss of bladder or bowel control, or numbness between the legs",
        "See a doctor or physiotherapist soon (not urgently) when a knot or stiffness lasts more "
        "than a couple of weeks, keeps coming back, gets worse despite gentle care, or stops you "
        "from working or sleeping.",
    ),
)

KNOTS = Topic(
    id="knots",
    title="What a knot is, and why desk work causes them",
    paragraphs=(
        "A 'knot' is a small, tender, tight spot in a muscle; pressing it can hurt locally or "
        "send an ache somewhere nearby, such as from the shoulder into the neck or head. "
        "Clinicians call these myofascial trigger points. What exactly happens inside the muscle "
        "is still debated, but they are common and usually harmless.",
        "Desk work invites them: the same position for hours, the head forward over a screen or "
        "phone, shoulders lifted toward the ears, a hand on the mouse, shallow breathing when "
        "busy or stressed. Muscles that hold still under a small load for a long time get tired "
        "and tight. Moving often, changing position and gentle stretching and pressure usually "
        "help them settle.",
    ),
    routines=("desk-5", "neck-relief", "shoulder-knot-release", "ball-upper-back"),
)

STRETCH_AND_MASSAGE = Topic(
    id="stretch-and-massage",
    title="Stretching and self-massage: how hard, how long, how often",
    paragraphs=(
        "How hard: a stretch should feel like mild tension, about 3 or 4 out of 10, never pain. "
        "Pressure on a knot can be stronger, 'good pain' of about 5 to 7 out of 10 that eases as "
        "you hold. Sharp, shooting, burning or tingling pain means ease off.",
        "How long: hold a stretch for 20 to 60 seconds without bouncing, and breathe. Hold "
        "steady pressure on a knot for 30 to 90 seconds, or until it softens; longer and harder "
        "is not better, and pressing too long can leave a bruise.",
        "How often: short and often beats long and rare. A few minutes once or twice a day, plus "
        "a short break every hour, suits most people. Give a sore spot a day's rest after deep "
        "pressure. Research suggests stretching and self-massage can ease stiffness and pain for "
        "a while; changing what causes the knot matters more in the long run.",
    ),
    routines=("desk-5", "ball-upper-back", "foam-roller", "glute-ball", "hand-care"),
)

MOVE_EVERY_HOUR = Topic(
    id="move-every-hour",
    title="Get up and move every hour",
    paragraphs=(
        "Sitting still is what desk muscles dislike most. Stand up and move for two or three "
        "minutes at least once an hour: walk to fetch water, take a call standing, roll your "
        "shoulders and reach up. Studies of office workers link breaking up long sitting with "
        "less neck, shoulder and back discomfort.",
        "knotsession can remind you: set remind_every in the settings (s on the home screen), "
        "or run 'knotsession remind'. The 'Walk and move' routine fits in a short break.",
    ),
    routines=("walk-and-move", "move-1", "standing-back-break", "neck-2"),
)

TRIGGERS = Topic(
    id="triggers",
    title="Finding your triggers and tense positions",
    paragraphs=(
        "Knots come back when their cause stays. When a session ends, note what set it off: the "
        "app offers common triggers (long sitting, a laptop on the sofa, looking down at a phone, "
        "stress, a long call, a cold draft, your sleeping position, overdoing it at the gym or on "
        "the trail, a bag on one shoulder) and you can add your own.",
        "After a few weeks, the history shows how often each one comes up and how tense you "
        "were with and without it. That is a pattern, not proof, but it tells you what to try "
        "changing first: raise the screen to eye level, use a headset for long calls, switch "
        "the bag to the other shoulder or use a backpack, keep a draft off your neck.",
        "Check your positions during the day: are your shoulders up, your jaw clenched, your "
        "head forward? Let them drop and breathe out.",
    ),
    routines=("neck-2", "jaw-2", "chest-opener", "walk-and-move"),
)

PROFESSIONALS = Topic(
    id="professionals",
    title="Professionals who can help",
    paragraphs=(
        "Massage therapy: a trained therapist works muscles and soft tissue by hand, including "
        "pressure on knots. Studies find it can ease neck, shoulder and back pain and tension "
        "in the short term; the effect tends to fade over weeks unless the cause changes. Tell "
        "them about injuries, pregnancy and blood thinners.",
        "Physiotherapy: a physiotherapist (physical therapist) examines what is going on, treats "
        "it with hands-on work and exercise, and teaches you exercises and better positions to "
        "keep it from coming back. Exercise therapy has some of the best evidence for lasting "
        "relief of neck and back pain; see one when pain lasts, returns or limits you.",
        "Acupuncture: thin needles placed at chosen points, by a licensed practitioner. Reviews "
        "find a small to moderate short-term benefit for some long-lasting neck and back pain "
        "and for tension headaches, though part of the effect may come from the treatment "
        "itself rather than the exact points. Related 'dry needling' targets knots directly.",
        "Cupping: cups create suction on the skin, usually leaving round marks for a few days. "
        "A few small studies report short-term relief of neck and back pain, but the evidence "
        "is limited and of low quality. It can bruise; avoid it on broken or fragile skin and "
        "with blood thinners.",
        "A doctor comes first when there are warning signs (see 'When to see a professional'), "
        "and can refer you to the others.",
    ),
    routines=("shoulder-knot-release", "lower-back", "neck-relief"),
)

PAIN_RELIEVERS = Topic(
    id="pain-relievers",
    title="Pain relievers: for the short term",
    paragraphs=(
        "Over-the-counter pain relievers (such as paracetamol/acetaminophen, or ibuprofen and "
        "other anti-inflammatories, as tablets or gels) can take the edge off a painful knot "
        "for a few days so you can keep moving. They do not fix the cause.",
        "Follow the label: the dose, the time between doses and the most days in a row. Ask a "
        "pharmacist or doctor first if you take other medicines (especially blood thinners), "
        "are pregnant, or have stomach, kidney, liver or heart problems or asthma. If you need "
        "them for more than a few days, see a doctor.",
    ),
    routines=("neck-relief", "evening-unwind"),
)

WATER_AND_FOOD = Topic(
    id="water-and-food",
    title="Water, and food for your muscles",
    paragraphs=(
        "Muscles work best when you are well hydrated: drink water through the day, more when "
        "it is hot or you exercise. Pale yellow urine is a simple sign you are drinking enough.",
        "Calcium, magnesium and potassium help muscles contract and relax. Most people get "
        "enough from a varied diet, and there is little evidence that extra helps knots, but "
        "these foods are good to eat often:",
        "- calcium: milk, yoghurt, cheese, fortified plant drinks, tofu set with calcium, "
        "sardines, kale and broccoli",
        "- magnesium: nuts and seeds, beans and lentils, whole grains, spinach, dark chocolate",
        "- potassium: bananas, potatoes, beans, tomatoes, oranges, dried apricots, yoghurt",
        "Ask a doctor before taking supplements, especially with kidney problems or other "
        "medicines; too much magnesium or potassium can be harmful.",
    ),
    routines=("walk-and-move", "after-the-gym-or-hike"),
)

TOPICS: tuple[Topic, ...] = (
    SAFETY,
    SEE_A_PROFESSIONAL,
    KNOTS,
    STRETCH_AND_MASSAGE,
    MOVE_EVERY_HOUR,
    TRIGGERS,
    PROFESSIONALS,
    PAIN_RELIEVERS,
    WATER_AND_FOOD,
)


def find_topic(topic_id: str) -> Topic | None:
    """The topic with this id, or None."""
    return next((topic for topic in TOPICS if topic.id == topic_id), None)


def topic_text(topic: Topic, width: int = 88) -> str:
    """A topic as plain text wrapped to `width`: title, paragraphs, the routines that apply."""
    import textwrap  # only when a topic is printed

    blocks: list[str] = [topic.title]
    for paragraph in topic.paragraphs:
        if paragraph.startswith("- "):
            item = textwrap.fill(paragraph, width, initial_indent="  ", subsequent_indent="    ")
            # list items sit together, under the paragraph that introduces them
            blocks[-1] += "\n" + item
        else:
            blocks.append(textwrap.fill(paragraph, width))
    if topic.routines:
        blocks.append(textwrap.fill("Routines for this: " + ", ".join(topic.routines), width))
    return "\n\n".join(blocks) + "\n"
