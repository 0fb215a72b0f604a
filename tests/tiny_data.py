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

# The shipped example (examples/article.txt) as the pipeline segments it, its title first,
# with English written for the tests: what the README's output block is made with
# (`tiny_marian_example`), so the block shows a faithful brief of the example. A test
# checks that these are exactly the example's sentences.
EXAMPLE_PAIRS: list[tuple[str, str]] = [
    (
        "इंदौर में 40 नई इलेक्ट्रिक बसें सड़कों पर उतरीं, पहले हफ्ते किराया सिर्फ 10 रुपये",
        "40 new electric buses hit the roads in Indore, fare only 10 rupees in the first week",
    ),
    (
        "शहर के छह प्रमुख मार्गों पर सोमवार से इलेक्ट्रिक बसें चलने लगीं।",
        "Electric buses began running on six major routes of the city from Monday.",
    ),
    (
        "नगर निगम का कहना है कि इससे रोज़ाना करीब 30 हज़ार यात्रियों को फायदा होगा।",
        "The municipal corporation says this will benefit about 30 thousand passengers daily.",
    ),
    (
        "इंदौर में सोमवार सुबह 40 नई इलेक्ट्रिक बसों को हरी झंडी दिखाई गई।",
        "40 new electric buses were flagged off in Indore on Monday morning.",
    ),
    (
        "ये बसें शहर के छह प्रमुख मार्गों पर चलेंगी, जिनमें रेलवे स्टेशन से हवाई अड्डे तक का मार्ग भी शामिल है।",
        "These buses will run on six major routes of the "
        "city, including the route from the railway station to the airport.",
    ),
    (
        "नगर निगम के अनुसार हर बस एक बार चार्ज होने पर लगभग 200 किलोमीटर चल सकती है।",
        "According to the municipal corporation, each bus can "
        "run about 200 kilometres on a single charge.",
    ),
    ("पहले हफ्ते सिर्फ 10 रुपये किराया", "Fare only 10 rupees in the first week"),
    (
        "शुरुआती सात दिनों तक किसी भी दूरी के लिए किराया 10 रुपये रखा गया है।",
        "For the first seven days, the fare for any distance has been set at 10 rupees.",
    ),
    (
        "इसके बाद किराया दूरी के हिसाब से 10 से 30 रुपये के बीच होगा।",
        "After that, the fare will be between 10 and 30 rupees depending on the distance.",
    ),
    (
        "परिवहन विभाग के एक अधिकारी ने बताया कि दो डिपो में 16 चार्जिंग स्टेशन बनाए गए हैं।",
        "An official of the transport department said that "
        "16 charging stations have been built at two depots.",
    ),
    (
        'उन्होंने कहा, "डीज़ल बसों की तुलना में इन बसों को चलाने का खर्च लगभग आधा है।"',
        'He said, "Compared with diesel buses, these buses cost about half as much to run."',
    ),
    ("यात्रियों ने किया स्वागत", "Passengers welcomed them"),
    (
        "पहले दिन बस में सफर करने वाली कॉलेज छात्रा प्रिया वर्मा ने कहा कि बसें साफ और शांत हैं।",
        "Priya Verma, a college student who rode the bus on "
        "the first day, said the buses are clean and quiet.",
    ),
    (
        "कई यात्रियों ने शाम के समय बसों की संख्या बढ़ाने की मांग की।",
        "Many passengers asked for more buses in the evening.",
    ),
    (
        "नगर निगम ने बताया कि अगले साल मार्च तक 60 और बसें जोड़ी जाएंगी।",
        "The municipal corporation said that 60 more buses will be added by March next year.",
    ),
]
