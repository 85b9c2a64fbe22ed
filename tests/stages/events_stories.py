"""Small hand-written stories for the events stage (issue 15): one situation each.

Written for these tests (not taken from any source); each is short on purpose, so the tests read
what the rules do on one pattern. The blind evaluation set lives in tests/data/work_warnings/.
"""

from __future__ import annotations

_FILLER = (
    "The kettle ticked as it cooled. Outside, the rain kept on at the gutters, and somewhere down the "
    "street a dog barked twice and thought better of it. "
)

MAIN_DIES_GRAPHIC = f"""The Last Watch

Marcus Hale had kept the lighthouse for twenty years. Marcus liked the quiet. His sister Ellen came
every Sunday with bread and news from the village. {_FILLER}

"You should come home," Ellen said. Marcus shook his head and smiled at her. {_FILLER}

* * *

The men came at night. Marcus met them on the stairs with the lamp in his hand. The first man shot
him in the chest, and blood sprayed across the whitewashed wall. Marcus fell against the rail, blood
pouring from the ragged exit wound in his back, and Ellen screamed his name from the door.

She knelt beside him on the stone. Blood soaked through her skirt, hot and slick. Marcus died before
the boat came. {_FILLER}

* * *

Ellen buried him on the hill. She kept the light burning for him every night after. {_FILLER}
"""

SUICIDE_ATTEMPT_GUN = f"""Quiet

Daniel Reyes had not slept in three days. Daniel sat on the edge of the bed in the dark apartment and
listened to the refrigerator hum. {_FILLER}

He took the pistol out of the drawer. His hands were steady now, which frightened him more than the
shaking had. Daniel pressed the gun to his own temple and closed his eyes. {_FILLER}

The door banged open. Maya Chen crossed the room in four steps and wrenched the pistol out of his
hand. "Daniel," Maya said. "Daniel, look at me." He looked at her, and then he started to cry.
{_FILLER}

Maya sat with him until the sky went grey. In the morning she drove him to the hospital. {_FILLER}
"""

DREAM_DEATH = f"""Nightmare

Clara Voss walked the corridor of the old house again. Her brother Tom was waiting at the end of it,
the way he always was in the dream. {_FILLER}

The floor gave way under Tom and he fell. Clara reached him at the bottom of the stairs. Tom died in
her arms, his eyes going glassy. {_FILLER}

Clara woke screaming, tangled in the sheets. It was the dream again. Down the hall Tom called out,
"Clara? You okay?" and she laughed with relief. {_FILLER}
"""

DEATH_UNDONE = f"""Second Chances

Jake Morrow went under the ice at the far end of the lake. Ruth Adler dragged him out by the collar.
Jake was not breathing. His heart stopped. {_FILLER}

Ruth pressed on his chest and counted. Jake was dead for a whole minute, blue-lipped on the snow.

Then his heart started again. Jake coughed up lake water and gasped for air, and Ruth sat back on
her heels and sobbed. {_FILLER}

They sat by the fire that night, Jake wrapped in three blankets and complaining about all of them.
{_FILLER}
"""

CANON_DEATH_MENTIONED = f"""Anniversary

Winry Rockbell set two cups on the table out of habit. It had been three years since Hughes died,
and Winry still thought of him every spring. {_FILLER}

Winry fixed the automail arm on the bench and hummed to herself. Her grandmother Pinako came in with
the post. "Letter from Central," Pinako said. {_FILLER}

Winry read it twice and smiled. Ed was coming home for the summer. {_FILLER}
"""

PILLS_ATTEMPT = f"""Bottle

Sarah Lind counted the tablets into her palm in the bathroom of the flat. Sarah swallowed the whole
bottle of sleeping pills with tap water and lay down on the cold tiles. {_FILLER}

Her flatmate Ines found her at midnight. The paramedics pumped her stomach at the hospital, and by
morning Sarah was awake, ashamed and alive. {_FILLER}

Ines held her hand and did not say anything for a long time. {_FILLER}
"""

MINOR_DEATH = f"""The Gate

Captain Elena Ward held the gate with her sergeant, Pell Ambrose, until the sun came up. Elena
shouted orders over the noise. Pell shouted them back. {_FILLER}

A young guard died on the wall in the night, an arrow in his throat. Elena closed his eyes and moved
on. Pell said nothing. {_FILLER}

In the morning Elena and Pell walked the wall together, counting the dead. {_FILLER}
"""

IDEATION = f"""Grey

Lucy Hart went to work and came home and went to work again. Lucy did not want to be alive anymore,
and the thought sat with her quietly all through the Tuesday meeting. {_FILLER}

Her friend Omar texted her a picture of his cat. Lucy sent back a heart. {_FILLER}

On Friday Lucy called the number on the leaflet and made an appointment. {_FILLER}
"""

SELF_HARM = f"""Long Sleeves

Nora Quinn wore long sleeves in July. Nora locked the bathroom door and pressed the razor blade to
the skin of her thigh until the sting cleared her head. {_FILLER}

Her brother Sam knocked. "Nora? Dinner." She pulled her jeans on and opened the door. {_FILLER}
"""

SPOILER_NOTE = """Author's Note: Thank you to my beta for everything. Spoilers for season 4 of Supernatural.

Dean Winchester parked the Impala outside the diner and stretched. Sam was already inside with the
laptop open. "Coffee's terrible," Sam said. Dean grinned and ordered pie. The waitress laughed at
something Sam said, and Dean kicked him under the table. They ate and argued about the case, and
outside the rain came down on the car park.
"""

PRONOUN_DEATH = f"""Harbour

Anna Berg and her husband Erik ran the ferry between the islands. Anna steered. Erik minded the ropes
and told the passengers terrible jokes. {_FILLER}

The storm came up fast off the point. Erik went over the side when the rope snapped. Anna hauled him
back in, but his lungs were full of water. Anna held him as he died on the deck. {_FILLER}

Anna sold the ferry in the spring. {_FILLER}
"""

DEATH_BY_ITS_AFTERMATH = f"""Vigil

Peter Lang had been sick since the winter. His daughter Hanna sat with him every evening and read to
him from the newspaper. Peter liked the football results best. {_FILLER}

On the last night Peter squeezed her hand. Hanna kept reading. Peter's breathing slowed, and slowed,
and then his eyes went still. {_FILLER}

* * *

The funeral was on a Thursday. Hanna wore her mother's black coat and did not cry until the car.
{_FILLER}
"""

NEWS_OF_A_DEATH = f"""The Call

Rosa Diaz waited by the phone all night. Her partner Jake Peralta had gone into the warehouse at ten
and had not come out. Rosa checked her radio again and again. {_FILLER}

At dawn the captain came in and took his hat off. "Jake is dead," he said. "I'm sorry, Rosa." Rosa sat
down on the floor of the precinct. {_FILLER}
"""

NOTES_SAY_THE_NARRATOR_DIES = f"""The Bridge
by a_writer

Notes: A last-stand story; the narrator dies at the end. Thanks for reading.

I am Rowan Vale and I have held this bridge for two days. Rowan is not a name my father liked. {_FILLER}

Tessa brought me water at noon. Tessa is the only one left who laughs. {_FILLER}

The light is going now. I am very tired, and I am going to close my eyes, only for a little while. {_FILLER}
"""

NOTES_DEATH_TAKEN_BACK = f"""Loop
by a_writer

Notes: Dean dies a lot in this one, but he comes back every time.

Dean Winchester woke to the same song on the same radio. Sam was already at the table. {_FILLER}

Dean ate his pancakes and said nothing about the morning before. Sam watched him. {_FILLER}
"""

NOTES_MINOR_DEATH = f"""Velen
by a_writer

Notes: Monster violence and a minor character death, see tags.

Geralt walked into the village at dusk. Geralt asked the alderman about the drowners. {_FILLER}

The alderman's boy ran ahead with the lantern. Geralt followed him down to the water. {_FILLER}
"""

DEATH_ON_A_SCREEN = f"""Movie Night

Martin sat in the back row of the auditorium while the film played. Martin hated war films. {_FILLER}

On the screen the two armies met. Achilles stabbed Hector through the throat and the blood gushed
out and spilled across the dirt, bright and wet in the projector light. Martin looked away. {_FILLER}

Afterwards Martin walked home alone and made toast. Martin slept badly. {_FILLER}
"""

GUN_HELD_BY_OTHERS = f"""The Debt

Cal Lightman poured the whisky and listened. Cal had known Terry for thirty years. {_FILLER}

Even in the worst days, when Cal had a gun pointed straight at his head by a pair of angry gangsters,
he knew Terry would come for him. Cal smiled at the memory and drank. {_FILLER}

Terry paid for the drinks. Cal let him. {_FILLER}
"""

NOTES_CONTENT_WARNING = f"""Sleeves
by a_writer

Notes: TW for self-harm (cutting), shown on the page. Recovery-ish ending.

Nadia kept the box behind the bleach. Nadia was very organised about it. {_FILLER}

Jo knocked on the bathroom door at eleven. Jo asked if she wanted tea. {_FILLER}
"""

HAND_GOES_SLACK = f"""The Last of the Light

Luna held Neville's hand on the stone floor. Neville smiled up at her and tried to say something. {_FILLER}

His breath came shorter. His hand went slack on her wrist, and she kept holding it anyway. {_FILLER}

Seamus made a noise like something tearing, and Luna sat with him until morning, and then she cried. {_FILLER}
"""

# ---- deaths, wounds and attempts told without the trigger words (issue 15, third pass) ----------

DEATH_TOLD_BY_THE_BODY = f"""Low Tide

Arthur Penhale had been a lighthouse keeper, and in the care home he still woke at five to check a
light that was not there. His granddaughter Bea came every evening after her shift. {_FILLER}

"The glass wants cleaning," Arthur said. "Tell them." Bea promised she would. {_FILLER}

* * *

Bea stayed the night in the armchair. Near dawn his breathing slowed, long and ragged, with waiting
in between. Bea counted the gaps without meaning to. Then the pause after one breath stretched out,
and the next breath never came. {_FILLER}

* * *

The funeral was small. Bea wore his old oilskin over her good dress and did not cry until the end.
{_FILLER}
"""

FALLING_ASLEEP_IS_NO_DEATH = f"""Sunday

Noor and Felix spent the whole afternoon on the sofa with the crossword. Felix knew every river in
Europe and none of the footballers. {_FILLER}

By four Noor's head was on his shoulder. Her breathing slowed as she drifted off to sleep, and her
hand went slack on the newspaper. Felix stayed very still so as not to wake her. Her fingers were
cold, so he pulled the blanket over them. {_FILLER}

At six Noor woke, yawned, and said, "Seven down is Danube," and Felix laughed. {_FILLER}
"""

DEATH_BELIEVED_THEN_UNDONE = f"""Smoke

The warehouse was burning when Idris got there. He had seen Mara go in an hour before. Standing in
the ash and the heat he knew it: Mara was dead, gone, and he had not even said goodbye. {_FILLER}

* * *

Three streets away, in the back of an ambulance with a blanket round her shoulders, sat Mara.
"You're alive," Idris said, and his voice broke on it. "I thought you were dead." {_FILLER}

Mara coughed and smiled at him. "Takes more than a fire," Mara said. {_FILLER}
"""

LETTER_TO_A_DEAD_GRANDMOTHER = f"""Post

Dear Dr Amadi,

You asked me to write letters I will never send, so here is the first one. You look at me over your
glasses when I say I am fine, and you are right to. I am writing to you because you told me to.
You will read it on Thursday anyway. {_FILLER}

Dear Granny,

You died when I was twelve and I still have your recipe for lemon cake. I miss you on Sundays. You
would have liked my flat. {_FILLER}

Dear Dr Amadi,

That was harder than I thought. See you Thursday. You can say I told you so. {_FILLER}
"""

FUNERAL_FOR_SOMEONE_ABSENT = f"""Afterwards

The funeral was on the Friday. Afterwards Tess went home to a flat that still smelled of Jonah's
coffee, and sat on the floor of the hall because she could not face the kitchen. {_FILLER}

Jonah's boots were by the door. Jonah's handwriting was on the shopping list: eggs, bread, call Mum.
Jonah would have laughed at her for crying over a shopping list. {_FILLER}

Her brother Sam came at seven with a curry nobody ate. "He's gone," Tess said, at last, and Sam
held her while she cried into his jumper. {_FILLER}

Tess slept on the sofa that night, and left the boots where they were. {_FILLER}
"""

GRAPHIC_FIGHT_WITHOUT_TRIGGERS = f"""The Pass

The raiders came down the scree at dusk. Captain Orla Vance met the first with her spear and drove
the point up under his ribs, and blood came out of him in a rush and spilled over her gloves.
{_FILLER}

The second swung an axe at her head. She ducked it and opened his thigh from the knee to the hip,
and the white bone showed in the wound before the blood covered it. He fell screaming in the snow.
{_FILLER}

Orla wiped the blade on her cloak and went to count the horses. {_FILLER}
"""

A_BRIEF_SCUFFLE = f"""Last Orders

Two men argued over the pool table at closing time. One shoved the other, who stumbled into the
jukebox, and the barman Declan told them both to get out. {_FILLER}

Outside one of them punched the other once, and got a nosebleed back for his trouble. Then they
shook hands and shared a taxi home. {_FILLER}
"""

ATTEMPTS_TOLD_BY_THE_ACT = f"""Night Shift

Rosa Quill climbed over the railing of the footbridge above the ring road and stood with her heels
on the edge and the traffic below her. {_FILLER}

A lorry driver saw her and stopped on the hard shoulder. He talked to her for forty minutes until
she climbed back. {_FILLER}

* * *

Months before that, Rosa had swallowed everything in the medicine cabinet one wet Sunday, and her
flatmate had found her in time. {_FILLER}
"""


# ---- deaths told by absence (issue 15, fourth pass): written for these tests ----------------------

SENSES_STOP_THEN_ABSENCE = f"""The Long Field

Mara Quill walked out to the long field every evening. Mara liked the hour when the swallows came low.
Her brother Petyr mended fences by the gate and waved to her. {_FILLER}

Mara sat down in the grass by the old stone. She had been tired for weeks. Mara watched the swallows for
a while. The light went amber and then grey over the hedges, and she watched it go, and then she was not
watching anything at all.

* * *

Petyr went out at dark with the lantern. He found her shawl folded on the stone, and her shoes side by
side in the grass. Only her shawl and shoes were left. {_FILLER}

He carried them home. "She won't be coming back," Petyr told their mother, and their mother sat down at
the table and did not get up for a long time. Mara's chair stayed empty by the stove all that winter.
{_FILLER}
"""

YOU_AT_THE_END = f"""Whiteout

You lead the rope up the last slope with Hana behind you. You like the sound your boots make in new snow.
You stop to let her catch up, and you point at the summit, and she laughs at you. {_FILLER}

Then the slope gives way under you. You fall a long way and land wrong. You try to stand, and you can't.
Hana shouts your name from far above. {_FILLER}

The cold comes into your hands, and then your feet. You think about the tent and the blue stove and the
tea. It is very quiet. You can't feel the cold anymore. You close your eyes.

The snow keeps falling.
"""

NAME_ON_A_CASUALTY_LIST = f"""Post from the Front

Dear Nell,

We are out of the line for a week. Sam Whitlock here, your brother, still in one piece. I wrote to
Mother too. Sam wrote this by candle, so forgive the blots. {_FILLER}

Your loving brother,
Sam

Dear Sam,

The garden is full of beans. Mother sends socks. Write soon. {_FILLER}

Nell

* * *

The lists went up on the church door on a Sunday. Nell read down them with her finger.

WHITLOCK, S., Pte., 4th Bn. Killed in action.

She went home and did not say anything to Mother until supper. {_FILLER}
"""

TALKED_ABOUT_AFTER_A_BREAK = f"""The Harbour Watch

Pell Argent stood the night watch on the harbour wall. Pell laughed at the gulls and shared his bread
with Ida Brandt, who kept the lamp. Pell said the storm would pass by morning. {_FILLER}

The wave came over the wall at the turn of the tide. Ida held on to the lamp post. {_FILLER}

* * *

In the spring Ida kept the watch alone. Pell's bunk in the watch house stayed empty, and nobody put
their kit on it. They had buried him on the hill above the harbour, and Ida still wept when the gulls
came in. {_FILLER}

"Pell would have liked this weather," the harbourmaster said. Ida did not answer. She thought of Pell
on the wall with his bread, and of the wave. {_FILLER}
"""

# ---- look-alikes that must stay no Major Character Death --------------------------------------------

DREAM_ENDS_AT_A_SCENE_BREAK = f"""What June Saw

In the dream it was summer. June Harlow stood in the kitchen and her wife Nora came in laughing. June
watched her come. {_FILLER}

Then the floor tilted, and Nora fell, and June was on the floor beside her, and there was blood on
Nora's shirt, and Nora's eyes were open and not looking at anything, and Nora was dead.

* * *

June woke up with her heart hammering. Nora was asleep beside her, breathing slowly, completely alive.
"Bad dream?" Nora mumbled. June held on to her until morning. {_FILLER}
"""

DRIFTS_OFF_AT_A_SCENE_BREAK = f"""Night Ferry

Tomas Weir took the night ferry home from the city. Tomas found a seat by the window and watched the
lights of the harbour. Tomas yawned. {_FILLER}

The engine hummed under the deck. Tomas closed his eyes and listened to it, and then he was not
listening to anything, because he was fast asleep.

* * *

His sister Lena waited on the quay with the car. The ferry came in late. Lena watched the passengers come
down the ramp and thought Tomas would have liked the new road. {_FILLER}
"""

LISTED_BY_MISTAKE = f"""The Wrong Name

Dear Ma,

Still here, still cold. Jack Ferris, your son, writing from the reserve trench. Jack is fine, Ma.
{_FILLER}

Jack

* * *

The lists went up on a Sunday. FERRIS, J., Pte. Killed in action. Ma sat down on the step.

* * *

A week later Jack walked up the lane with his kitbag. Jack said the clerk had copied the wrong number.
Ma laughed and cried at once and Jack held her. {_FILLER}
"""
