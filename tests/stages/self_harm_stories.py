"""Small hand-written stories for suicide attempts, ideation and self-harm told without the words
(issue 15, fourth pass), and their look-alikes that must not count.

Written for these tests (not taken from any source); one situation each.
"""

from __future__ import annotations

_FILLER = (
    "The kettle ticked as it cooled. Outside, the rain kept on at the gutters, and somewhere down the "
    "street a dog barked twice and thought better of it. "
)

WATER_ATTEMPT = f"""Slack Water

Iris Penhale left the note on the kitchen table, under the sugar bowl, where Owen would find it in the
morning. {_FILLER}

The beach was empty. Iris took off her shoes and set them side by side above the tide line. She did not
look back at the house. She walked into the sea, and kept walking, and the water rose to her chest. {_FILLER}

* * *

Owen Trask found the shoes at six. He went in after her and dragged her out onto the shingle, and the
ambulance came down the lane with its lights going. {_FILLER}

"Why did you," Owen said at the hospital, and could not finish it. Iris looked at the ceiling. {_FILLER}
"""

SWIM_FOR_FUN = f"""Low Tide

Iris Penhale and Owen Trask raced each other down the beach. {_FILLER}

Iris walked into the sea, laughing, and the water rose to her chest, so cold she shrieked. Owen splashed
her and she splashed him back. {_FILLER}

Afterwards they ate chips on the harbour wall and talked about nothing. The hospital where Owen worked
could wait until Monday. {_FILLER}
"""

IDEATION_ONLY = f"""Letters I Won't Send

Dear Hal,

Some nights I lie awake and think it would be easier if I just didn't wake up. Not that I'd do
anything. I just think it. {_FILLER}

Mara says I should tell someone. I'm telling you, which is a start. {_FILLER}

Love,
Tess
"""

FIGURATIVE_DEATH_WISH = f"""Karaoke Night

Tess Lowry grabbed the microphone. "If I mess this up, I will literally die," she said, laughing.
{_FILLER}

Hal Brennan groaned. "Kill me now," he said, grinning. "I wish this song had never been written."
{_FILLER}

They sang it anyway, badly, and the whole bar joined in. {_FILLER}
"""

SELF_HARM_BLADE = f"""The Sharpener

Nell Varga locked the bathroom door and sat on the edge of the bath. {_FILLER}

She had taken the blade out of the pencil sharpener that morning. She drew it across the inside of her
forearm, once, and watched the thin red line bead up. The sting came a second later, and then the
quiet. {_FILLER}

Afterwards she cleaned it with a tissue and pulled her sleeve down before dinner. {_FILLER}
"""

COOKING_CUT = f"""Sunday Dinner

Nell Varga was chopping onions for the stew when the knife slipped. {_FILLER}

The blade caught the side of her thumb and a line of blood welled up. She swore, laughed, and ran it
under the cold tap while her brother fetched a plaster. {_FILLER}
"""

OLD_SCARS = f"""Ink

{_FILLER}

Jo Arden had the tattoo done the summer she turned thirty: a spray of lilies on the inside of her left
forearm. Underneath it, if you looked closely, were the old scars, thin white lines in neat rows, from the years
she used to wear long sleeves in July. Nobody at the studio asked. {_FILLER}
"""

WAR_SCARS = f"""Veterans

Jo Arden rolled up her sleeves to help with the boat. {_FILLER}

The scars along her forearms were from the war, shrapnel from a roadside bomb in the second winter. She
did not mind people looking at them. {_FILLER}
"""

DENIED_ATTEMPT = f"""Antenna

Kit Morrow climbed out onto the roof of the flats at midnight and edged toward the parapet. {_FILLER}

"Kit!" Aunt Bea was at the skylight, white-faced. "Get back from the edge, what are you doing?"

"I wasn't going to jump," Kit said. "I was fixing the aerial. Look." He held up the cable. {_FILLER}
"""

SPOKEN_PAST_SELF_HARM = f"""Plum Blossom

Ada Lark and Bea Moss lay awake in the dark of the flat above the bakery. {_FILLER}

Bea touched the pale ridge on Ada's hip. "Can I ask?"

"I used to cut there when I was sixteen," Ada said. "Nobody would see. It was a long time ago, and I'm all
right now." She smiled at the ceiling. {_FILLER}
"""

IMAGINED_DROWNING = f"""March

Rhys Morgan did not get out of bed on the anniversary. {_FILLER}

He thought of the river below the mill in the spring flood, brown and fast and cold. He thought of how it
would close over his head, and that it would be very quiet under there. He did not go to the river. He
lay there and thought about it until his brother knocked. {_FILLER}
"""

GAME_DEATHS = f"""Rainbow Road

Pip Carver and Tam Oduya played kart racers until two in the morning. {_FILLER}

"I died again!" Pip wailed. "That blue shell killed me. You murdered me, Tam." Tam cackled and stole the
last of the crisps. "I'm killing it tonight," she said. {_FILLER}

They called it a draw and fell asleep on the sofa. {_FILLER}
"""

ROOF_SITTER = f"""Turtle-ducks

Lin Hale found her brother on the roof at two in the morning. {_FILLER}

He was sitting on the edge of the roof with his legs over the drop, looking down. Lin's heart stopped.

"Oh, no," he said, turning. "I wasn't going to jump. I always sit here. Look, the ducklings are asleep."
{_FILLER}
"""

NOTE_PAST_SELF_HARM = f"""Sea Glass

Notes: Original. Mentions of past self-harm; nothing on the page, and everyone is fine now.

Gwen Ashby collected sea glass on the beach every Saturday morning. {_FILLER}

She put the green pieces in the jar on the windowsill and the blue ones in her pocket. {_FILLER}
"""

LOOK_ALIKES = f"""Summer

Cal Reyes came back from the coast with tan lines along his wrists where his watch had been. {_FILLER}

His sister glared at him across the kitchen. "I wish you'd never been born," she said, and threw a tea
towel at his head. "I don't want to live a life of washing up after you." {_FILLER}

The wind off the sea cuts across his skin, thin and cold, as he walks down to the harbour. {_FILLER}
"""

EVERYDAY_LOOK_ALIKES = f"""Saturday

Mara Quinn walked into the sea to swim out to the buoy, and the water rose to her chest as she struck out.
The lifeguard waved from his chair. {_FILLER}

Her brother Owen was whittling on the sea wall when the knife slipped and cut into his forearm. He swore,
and a bead of blood welled up before their mother found a plaster. {_FILLER}

At tea Mara cut herself a slice of cake. Their aunt had thin white scars along her forearm from the cat,
who hated baths. {_FILLER}
"""

MEANS_WITHOUT_AN_ATTEMPT = f"""Night Shift

Nurse Ada Kerr counted out the pills for bed four and lined up the tablets in their little cups. {_FILLER}

Her husband Tom had lost control on the black ice that morning and the car swerved into the barrier; the
ambulance took him to the hospital with a broken wrist. {_FILLER}

* * *

On Sunday their son Sam waded into the river after the dog, and the water came up to his chest. He dragged
the dog out, and the paramedics checked him over anyway. {_FILLER}

Ada said goodbye to her sister at the harbour and walked into the sea for a last swim before the ferry.
{_FILLER}
"""
