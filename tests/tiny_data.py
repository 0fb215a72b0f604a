"""Hindi-English sentence pairs that the tiny test models memorise.

Written for these tests (news-style, short). The document ``DOC`` is built from them so a
test can check an exact multi-paragraph translation through the real pipeline.
"""

from __future__ import annotations

PAIRS: list[tuple[str, str]] = [
    ("भारत ने आज नया उपग्रह लॉन्च किया।", "India launched a new satellite today."),
    ("यह उपग्रह मौसम की जानकारी देगा।", "This satellite will provide weather information."),
    ("वैज्ञानिकों ने इस सफलता पर खुशी जताई।", "Scientists expressed joy at this success."),
    ("प्रधानमंत्री ने टीम को बधाई दी।", "The Prime Minister congratulated the team."),
    ("दिल्ली में आज भारी बारिश हुई।", "Heavy rain fell in Delhi today."),
    ("कई सड़कों पर पानी भर गया।", "Water filled many roads."),
    ("स्कूल दो दिन बंद रहेंगे।", "Schools will remain closed for two days."),
    ("मौसम विभाग ने चेतावनी जारी की है।", "The weather department has issued a warning."),
    ("क्रिकेट टीम ने मैच जीत लिया।", "The cricket team won the match."),
    ("कप्तान ने शानदार शतक बनाया।", "The captain scored a brilliant century."),
    ("दर्शकों ने खड़े होकर तालियां बजाईं।", "The spectators gave a standing ovation."),
    ("अगला मैच रविवार को खेला जाएगा।", "The next match will be played on Sunday."),
    ("सरकार ने नई शिक्षा नीति की घोषणा की।", "The government announced a new education policy."),
    ("इससे छात्रों को लाभ होगा।", "Students will benefit from this."),
    ("शिक्षकों ने नीति का स्वागत किया।", "Teachers welcomed the policy."),
    ("विपक्ष ने कुछ सवाल उठाए हैं।", "The opposition has raised some questions."),
    ("बाजार में आज तेजी देखी गई।", "The market saw a rise today."),
    ("सेंसेक्स 500 अंक चढ़ गया।", "The Sensex rose 500 points."),
    ("निवेशकों को अच्छा मुनाफा हुआ।", "Investors made a good profit."),
    ("सोने की कीमत में गिरावट आई।", "The price of gold fell."),
    ("डॉ. शर्मा ने अस्पताल का दौरा किया।", "Dr. Sharma visited the hospital."),
    ("उन्होंने मरीजों से बात की।", "He spoke with the patients."),
    ("अस्पताल में नई मशीनें लगाई जाएंगी।", "New machines will be installed in the hospital."),
    ("इस पर 20 करोड़ रुपये खर्च होंगे।", "This will cost 20 crore rupees."),
    ("किसानों ने अपनी मांगें रखीं।", "The farmers put forward their demands."),
    ("वे फसलों के बेहतर दाम चाहते हैं।", "They want better prices for crops."),
    ("मंत्री ने बातचीत का भरोसा दिया।", "The minister promised talks."),
    ("बैठक अगले सप्ताह होगी।", "The meeting will be held next week."),
    ("शहर में नया पुल खुल गया।", "A new bridge opened in the city."),
    ("इससे यातायात आसान होगा।", "This will make traffic easier."),
    ("पुल को बनाने में तीन साल लगे।", "The bridge took three years to build."),
    ("लोगों ने इसकी तारीफ की।", "People praised it."),
    ("क्या यह योजना सफल होगी?", "Will this plan succeed?"),
    ("जवाब समय ही देगा।", "Only time will tell."),
    ("चुनाव 12 मई को होंगे।", "The elections will be held on 12 May."),
    ("नतीजे 15 मई को आएंगे।", "The results will come on 15 May."),
    ("रूस और भारत के बीच बातचीत हुई।", "Talks were held between Russia and India."),
    ("दोनों देशों ने व्यापार बढ़ाने पर सहमति जताई।", "Both countries agreed to increase trade."),
    ("विदेश मंत्री तीन दिन के दौरे पर हैं।", "The foreign minister is on a three-day visit."),
    ("नई रेल सेवा शुरू", "New rail service launched"),
]

TITLE = "नई रेल सेवा शुरू"
TITLE_EN = "New rail service launched"

# Three paragraphs of memorised sentences (the title is a pair of its own).
PARAGRAPHS: list[list[int]] = [[28, 29, 30, 31], [0, 1, 2, 3], [32, 33]]
DOC = (
    TITLE
    + "\n\n"
    + "\n\n".join(" ".join(PAIRS[i][0] for i in paragraph) for paragraph in PARAGRAPHS)
)
DOC_EN = "\n\n".join(" ".join(PAIRS[i][1] for i in paragraph) for paragraph in PARAGRAPHS)
