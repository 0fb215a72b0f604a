"""Sample inputs shared by the app tests (written for them)."""

from __future__ import annotations

#: Typical tech news in Hinglish: under half of the letters are Devanagari.
HINGLISH = (
    "Apple ने launch किया iPhone 17 Pro Max\n\n"
    "Apple ने अपने annual event में iPhone 17 Pro Max को launch कर दिया है। Company के CEO "
    "Tim Cook ने कहा कि यह अब तक का सबसे powerful iPhone है।\n\n"
    "नए phone में A19 Pro chip, 48MP camera और बड़ी battery दी गई है। India में इसकी "
    "starting price 1,49,900 रुपये रखी गई है और pre-booking शुक्रवार से शुरू होगी।"
)
