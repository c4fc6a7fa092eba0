# Norwegian Nynorsk writes dates and times as bokmål does: "18. desember 2026", "18.12.2026",
# "kl. 09:48" (the month names come from the nn translation).
from navpartner.formats.nb.formats import *  # noqa: F403
