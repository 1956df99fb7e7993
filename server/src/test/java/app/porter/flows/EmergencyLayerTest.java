package app.porter.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import app.porter.language.Language;
import app.porter.language.Marks;


/**
 * The emergency rules alone (no embedding model), in all six languages. Most phrasings avoid the obvious keyword
 * ("rotten eggs" rather than "gas leak"); the traps contain scary words but are not emergencies.
 */
class EmergencyLayerTest {

    private static final EmergencyLayer RULES = new EmergencyLayer(null, 1f);

    /** The kind of emergency the rules find in a tenant's message (outside the heating season), if any. */
    private static Optional<String> kindOf(String message) {
        return RULES.detect(Text.normalize(message), null, false, null).map(EmergencyLayer.Detection::kind);
    }

    @ParameterizedTest(name = "[{0}] {2}")
    @CsvSource(delimiter = '|', value = {
            // English
            "en|gas|It smells like rotten eggs in my kitchen",
            "en|fire|Black smoke is coming under my neighbour's door",
            "en|flood|The pipe under my sink burst and the floor is covered",
            "en|flood|Water is pouring through the light in my ceiling",
            "en|no-heat|The radiators are stone cold and it's snowing outside",
            "en|electrical|The outlet by my bed is crackling and has gone black",
            "en|co|The detector in the hall keeps beeping and we all have headaches",
            "en|break-in|Someone kicked my front door in while I was at work",
            "en|medical|My husband collapsed and he is not breathing",
            "en|gas|My sink is dripping, and also I can smell gas in the hallway",
            // a trap's words in passing ("back in", "fixed") do not hide what follows in the same clause
            "en|fire|I went back in the kitchen and there is smoke everywhere",
            "en|flood|They fixed the pipe last week and now water is pouring through the ceiling again",
            // Spanish
            "es|gas|Huele a huevo podrido en toda la cocina",
            "es|fire|Sale humo por debajo de la puerta del vecino",
            "es|flood|Se rompió una tubería y hay agua por todas partes",
            "es|no-heat|La calefacción no funciona y está nevando, hace un frío terrible",
            "es|electrical|El enchufe del dormitorio echa chispas",
            "es|co|Suena la alarma del pasillo y todos tenemos dolor de cabeza",
            "es|break-in|Forzaron la puerta de mi apartamento",
            "es|medical|Mi madre se desmayó y no respira bien",
            // French
            "fr|gas|Ça sent l'œuf pourri dans la cuisine",
            "fr|fire|Il y a de la fumée partout dans le couloir",
            "fr|flood|Un tuyau a éclaté sous l'évier",
            "fr|no-heat|Plus de chauffage depuis hier et il gèle dehors",
            "fr|electrical|La prise de la cuisine grésille et sent le brûlé",
            "fr|co|Le détecteur sonne et j'ai des vertiges",
            "fr|break-in|Quelqu'un a forcé la serrure de ma porte",
            "fr|medical|Mon voisin s'est évanoui dans l'escalier",
            // Simplified Chinese
            "zh|gas|厨房里有一股臭鸡蛋的味道",
            "zh|fire|楼道里冒烟了",
            "zh|flood|水管爆了，到处都是水",
            "zh|no-heat|暖气不热了，外面零下十度",
            "zh|electrical|插座冒火花还有焦味",
            "zh|co|报警器一直在响，我们都头晕",
            "zh|break-in|有人撬开了我家的门",
            "zh|medical|我爸爸晕倒了，叫不醒",
            // Vietnamese
            "vi|gas|Trong bếp có mùi trứng thối",
            "vi|fire|Hành lang đầy khói",
            "vi|flood|Ống nước bị vỡ, nước chảy khắp nhà",
            "vi|no-heat|Máy sưởi không chạy mà trời lạnh quá",
            "vi|electrical|Ổ cắm trong phòng ngủ có tia lửa",
            "vi|co|Máy báo kêu liên tục và cả nhà bị chóng mặt",
            "vi|break-in|Có người cạy cửa nhà tôi",
            "vi|medical|Mẹ tôi bị ngất và không thở",
            // Arabic
            "ar|gas|هناك رائحة بيض فاسد في المطبخ",
            "ar|fire|يوجد دخان كثيف في الممر",
            "ar|flood|انفجرت الماسورة والمياه في كل مكان",
            "ar|no-heat|التدفئة لا تعمل والجو بارد جدا",
            "ar|electrical|المقبس في غرفة النوم يخرج منه شرار",
            "ar|co|جهاز الإنذار يرن وكلنا نشعر بدوخة",
            "ar|break-in|كسروا باب شقتي",
            "ar|medical|جاري فقد الوعي على الدرج",
            // Round 12 (issue 12), held-out-13: the signs rather than the word, a room's floor, a low reading on
            // the thermostat, a detector's number, Cantonese and traditional characters, regional Arabic, Arabizi
            "en|medical|Found my neighbour on the laundry room floor, she won't respond and her lips are blue",
            "en|flood|Water is leaking thru the hallway ceiling light",
            "en|co|The box on the wall is beeping and the screen shows 180",
            "en|no-heat|The furnace quit and the thermostat reads 50, my grandma is shaking",
            "es|fire|El contenedor de atrás está cogiendo candela",
            "es|medical|A mi abuelo le aprieta el pecho y se le duerme el brazo",
            "fr|medical|Ma voisine est allongée dans l'escalier, elle bouge plus",
            "fr|no-heat|Le chauffage est en panne et il fait 9 degrés, les enfants tremblent",
            "zh|gas|走廊有好大陣臭雞蛋味",
            "zh|electrical|電箱一直閃，仲有燒焦味",
            "zh|medical|婆婆喺廚房跌低，流咗好多血",
            "ar|medical|أبوي عنده ضيقة في الصدر ويعرق",
            "ar|gas|fi ri7a ghaz ktir bel matbakh",
            // Round 12 (issue 12), held-out-14: an engine running in a closed garage with people ill (carbon
            // monoxide, not fire), a line down and buzzing, an appliance smoking, a door's glass broken, a thing
            // that burns, a fire reaching things, a sewer that stinks (a flood), Arabizi smoke and a swallowed magnet
            "en|co|My dad is warming up the van in the shut garage and now my brother is dizzy and throwing up",
            // a fall and not getting up, in Spanish however it is said (a probe after held-out-14)
            "es|medical|mi abuelo se resbaló en la cocina y no se levanta, ayúdenme",
            "es|co|Prendieron el generador en la cochera cerrada y a mi tío le dio mareo",
            "zh|co|车库卷帘门关着，有辆车没熄火，里面的人叫不醒",
            "vi|co|Máy báo CO kêu liên tục không tắt",
            "en|electrical|A wire came down in the parking lot and it's sparking in the rain",
            "en|fire|The dryer is smoking and I can see little flames",
            "en|fire|help smoke 2nd floor",
            "es|break-in|Un tipo está rompiendo el vidrio de mi ventana",
            "fr|fire|Le cabanon brûle, ça va gagner la maison",
            "zh|fire|垃圾房啲火燒到啲紙箱",
            "ar|fire|الحقونا الأوضة ولعت",
            "ar|flood|المجاري طافحة من البالوعة والريحة تخنق",
            "ar|fire|fi da5an aswad tale3 men el masa3ed",
            "ar|medical|ibni bala3 magnet w batno bet waga3o",
            // Round 13 (issue 12), held-out-15: an alarm sounding in fours (carbon monoxide), the odorant told as
            // rotten cabbage, a stroke told face first, an outlet that pops, keys tried in a lock, a hose that came
            // off, the English word for the heating in Spanish and Arabic, a fall and then silence, a thing that
            // "crame", smoke coming out of a room, a fire after "by the way" and a question about a fee
            "en|co|The detector by the furnace does 4 quick beeps, stops, then again",
            "es|co|La alarma del pasillo da cuatro pitidos, se calla y vuelve a empezar",
            "vi|co|Máy báo trên trần kêu bíp bốn lần rồi ngưng",
            "vi|gas|Hành lang tầng 2 có mùi bắp cải thối",
            "es|medical|A mi abuela se le torció la boca y no puede hablar",
            "en|electrical|The light switch in the hall is hot and keeps popping",
            "en|break-in|Some guy is trying different keys in our lock",
            "zh|break-in|有人在撬我家门锁，猫眼被挡住了",
            "en|flood|The hose behind the washer came off and it's spraying all over",
            "es|no-heat|El heating no prende y mi mamá no deja de temblar",
            "ar|no-heat|الheater مقطوع والدنيا تلج برا",
            "vi|medical|Bà em bị té trong phòng tắm, giờ im lặng không thưa",
            "fr|fire|Le sapin du voisin est en train de cramer",
            "ar|fire|طالع من المطبخ دخان كتير",
            "vi|fire|Cho em hỏi phí giữ xe… à mà thùng rác dưới sảnh đang bốc khói",
            // Round 13 (issue 12), held-out-16: a fall and then confusion or blood from the head, a stroke told by a
            // twisted mouth and a snoring breath, a baby with "la calefa" out, drains backing up, lips swelling after
            // a food and a wheeze, someone ("qqn") forcing a lock, a child shocked by a bare wire though fine now,
            // black smoke from a meter room (a fire, not gas), Arabizi gas and a seizure in Maghrebi Arabizi, a
            // detector and a headache told in two sentences
            "en|medical|Grandpa tripped on the stairs, he's confused and there's blood coming from his head",
            "es|medical|Mi papá no reacciona, tiene la boca chueca y ronca raro",
            "fr|medical|Ma grand-mère ne répond plus, sa bouche est de travers et elle ronfle",
            "es|no-heat|No hay calefa y la bebé tiene las manos heladas",
            "fr|flood|Les toilettes refoulent et l'eau sale remonte par la baignoire",
            "fr|medical|Mon fils a mangé des cacahuètes, ses lèvres enflent et il respire en sifflant",
            "fr|break-in|Qqn essaie de forcer ma serrure en ce moment",
            "zh|electrical|楼道有根电线露在外面，我女儿碰了一下被电到了，现在没事",
            "ar|electrical|بنتي لمست سلك عريان والكهربا مسكتها، هي كويسة دلوقتي",
            "ar|fire|في دخان أسود طالع من غرفة العدادات وريحة شي محروق",
            "ar|gas|fi ri7et bayd m3affen bel matba5",
            "ar|medical|khti ta7et f l7mmam o kat trta3ch o ma katjawbnich",
            "es|co|La alarma del pasillo pita y pita... Ahora me duele la cabeza",
            // Round 14 (issue 12), held-out-17: "the heat's been off" typed without its apostrophe and lips "sorta" blue
            // from the cold, a pipe or a hose that burst however it is said and the home become a pool, the shut-off
            // nobody can find, water running out of a ceiling light with no word for water and a carpet that
            // squelches, people ill who feel better outside, a Quebec generator that "roule", a lock scratched or a
            // door ajar with things gone, water dripping from a ceiling light and a carpet oozing water (Levantine),
            // a pan and "العافية" (the fire, Maghrebi), radiators however they are spelt and a low reading at home,
            // Arabizi carbon monoxide and no heat
            "en|no-heat|the heat's been off since this morning and my mom is shivering, her lips are sorta purple",
            "es|flood|se rompió la manguera de la lavadora y la cocina parece una piscina",
            "es|flood|se partió un caño en el baño y no encontramos la llave de paso",
            "fr|flood|de l'eau dégoutte du plafonnier de la cuisine",
            "fr|flood|la moquette est toute spongieuse et ça tombe du plafond",
            "fr|co|les enfants sont étourdis et nauséeux, dehors ça va mieux mais en dedans ça recommence",
            "fr|co|Mon chum pis moi on a mal à la tête depuis ce matin. La génératrice roule dans le garage",
            "zh|break-in|下班回来门半开着，锁芯有撬痕，电脑没了",
            "ar|break-in|لقيت القفل مخدوش والباب مفتوح، الدهب مش موجود",
            "ar|flood|المية بتنقط من اللمبة اللي بالسقف",
            "ar|flood|السجادة صارت تطلع مي لما ندعس عليها",
            "ar|fire|المقلة ديال الزيت شعلات فالكوزينة",
            "ar|fire|العافية كلات الريدو ديال الصالون",
            "ar|co|عندنا صداع كلنا ولما نطلع عالبلكونة بنرتاح",
            "ar|no-heat|الراديتورات ساقعة والدنيا تلج برا",
            "ar|no-heat|الشوفاج طافي وبالشقة ٨ درجات",
            "ar|co|kolena dayekhin w 3andena ghasayan, lama bnokhrog bara bn2a a7san",
            "ar|co|3andena kolena soda3 men el sob7, el sobya wal3a fel ooda",
            "ar|no-heat|chofaj makhdamch w kanr3ad mn lberd",
            // Round 14 (issue 12), held-out-18: a heart attack told by its signs (the chest clutched, a cold sweat, the left arm
            // numb) in French, Chinese, Spanish, Vietnamese, Egyptian Arabic and its Arabizi; a way in found smashed with
            // someone heard inside (Spanish, Vietnamese, Moroccan); someone fiddling with the lock, or the tenant locked in a
            // room ("قافلين على نفسنا"); a Maghrebi pipe named before what it did, water gushing everywhere, the main valve
            // nobody can find and the floor become a sea; a Levantine outlet that popped with a blue flash, the smell of a
            // melted wire; a heater running while heads ache (carbon monoxide, not a heat complaint answered); the heating
            // "عاطل", a home cold as a fridge with someone shivering, frost inside the windows, pipes about to freeze
            "fr|medical|Mon père se tient la poitrine et il est tout en sueur",
            "fr|medical|Mon voisin a le bras gauche tout engourdi et il a mal au cœur",
            "zh|medical|我爸手按着胸口，满头大汗",
            "zh|medical|奶奶突然左臂发麻，脸色很白",
            "es|medical|Mi papá se agarra el pecho y suda frío",
            "vi|medical|Ông em ôm ngực, tay trái tê cứng",
            "ar|medical|جوزي ماسك صدره وعرقان",
            "ar|medical|akhoya masek sedro w 3ar2an",
            "es|break-in|Volví y el vidrio de la puerta está roto, se oyen ruidos en la cocina",
            "vi|break-in|Cửa kính phòng khách bị đập vỡ, em nghe tiếng người lục đục bên trong",
            "ar|break-in|الشباك ديال البيت مهرس وكنسمع شي واحد داخل",
            "ar|break-in|في واحد بيعبث في القفل دلوقتي",
            "ar|break-in|احنا قافلين على نفسنا في الأوضة وفي حد برة بيخبط",
            "ar|flood|الجعبة ديال الدوش تهرسات والما كيرش فكل بلاصة",
            "ar|flood|ما لقيناش الروبيني العمومي والأرض ولات بحر",
            "ar|electrical|البريزة اللي جنب السرير عملت فرقعة وضو أزرق",
            "ar|electrical|في ريحة سلك ذايب بالصالون",
            "ar|co|كلنا راسنا يعورنا ولما نطلع برا نرتاح، السخان شغال",
            "ar|no-heat|الشوفاج عاطل والولاد بيرتجفوا من البرد",
            "ar|no-heat|البيت بارد زي التلاجة وجدتي بترتعش",
            "ar|no-heat|في تلج على الشبابيك من جوا",
            "ar|no-heat|المواسير اللي بالمطبخ قربت تتجمد والدنيا تلج",
            "vi|no-heat|Kính cửa sổ đóng băng phía trong, lạnh quá",
    })
    void recognisesEmergencies(String lang, String kind, String message) {
        Optional<EmergencyLayer.Detection> detection = RULES.detect(Text.normalize(message), null, false, null);
        assertTrue(detection.isPresent(), "expected an emergency: " + message);
        assertEquals(kind, detection.get().kind(), message);
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource(delimiter = '|', value = {
            "en|the fire alarm test is on Tuesday?",
            "en|Is there a fire drill this month?",
            "en|Where is the fire extinguisher on my floor?",
            "en|If I smell gas, what should I do?",
            "en|Can I use a charcoal grill on my balcony?",
            "en|My smoke alarm keeps chirping, I think it needs a new battery",
            "en|Does renter's insurance cover flood damage?",
            "en|What's the emergency number?",
            "en|My kitchen faucet is dripping",
            "en|My heater is making a strange noise",
            "en|Are fire pits allowed on the patio?",
            "es|¿La prueba de la alarma de incendios es el martes?",
            "es|Si huelo a gas, ¿qué hago?",
            "es|El grifo de la cocina gotea",
            "fr|L'exercice d'incendie est prévu jeudi ?",
            "fr|Si je sens le gaz, que dois-je faire ?",
            "fr|Le robinet de la salle de bain fuit un peu",
            "zh|下周二有消防演习吗？",
            "zh|如果闻到煤气味应该怎么办？",
            "zh|厨房水龙头有点滴水",
            "vi|Thứ ba có diễn tập báo cháy không?",
            "vi|Nếu có mùi ga thì tôi nên làm gì?",
            "vi|Vòi nước trong bếp bị rỉ nước",
            "ar|هل اختبار إنذار الحريق يوم الثلاثاء؟",
            "ar|إذا شممت رائحة الغاز ماذا أفعل؟",
            "ar|الحنفية في المطبخ تنقط",
            // Round 12 (issue 12), held-out-13: praise, buying a detector, what to do if, a break-in elsewhere
            "en|The block party last night was fire",
            "en|Thinking of buying a CO detector for the bedroom",
            "es|La fiesta del sábado estuvo fuego",
            "fr|Le concert était en feu hier soir",
            "fr|Qu'est-ce qu'on doit faire si on sent le gaz?",
            "fr|Je voudrais acheter un détecteur de monoxyde",
            "zh|聽說隔壁社區有小偷",
            "vi|Bài hát mới cháy quá",
            "ar|الحفلة دي نار",
            // Round 12 (issue 12), held-out-14: a relative's home elsewhere, a series' episode, what do we do if
            "es|A mi hermano en Tijuana le robaron la casa, ¿aquí hay cámaras?",
            "fr|L'épisode d'hier où toute la maison brûle m'a fait pleurer",
            "ar|وش نسوي لو صار حريق بالعمارة؟",
            "zh|车库里不知道谁的车没熄火，一直响，能提醒一下吗",
            // Round 13 (issue 12), held-out-15: praise as "fire", a show where it happens, a detector bought, a
            // protocol, a relative elsewhere, a repair done, a singer who "set the room on fire", incense, no
            // overflow, a dish that is "نار"
            "en|The new rooftop deck is lowkey fire",
            "en|Watched a show where a guy's condo floods, is our basement in a flood zone?",
            "en|Bought a smoke alarm, can I put it up myself?",
            "es|¿Cuál es el protocolo de evacuación si hay humo?",
            "es|Mi tía en Veracruz dice que se le inundó la casa",
            "fr|Hier ça sentait le gaz mais le plombier est passé et a tout réglé",
            "fr|La chanteuse a mis le feu à la foule samedi",
            "vi|Em thắp nhang hơi nhiều nên máy báo khói hú một chút",
            "vi|Bồn rửa chén hơi chậm, không bị tràn",
            "ar|الكبسة اليوم نار الله يسلم ايديك",
            // Round 13 (issue 12), held-out-16: a neighbour's cigarette smoke, a dream, a carbon monoxide detector just
            // bought, the cold at a bus stop, a short circuit already mended, an ambulance in what could happen
            "fr|Le voisin fume à sa fenêtre et la fumée entre dans ma chambre, c'est pénible",
            "es|El vecino fuma en el balcón y todo el humo entra a mi casa",
            "en|Had a weird dream someone broke into my place lol, can I get a spare fob?",
            "zh|梦见有人撬我家门，吓醒了，门禁卡能补办吗",
            "zh|买了个一氧化碳报警器，放客厅行吗",
            "ar|جبت كاشف أول أكسيد الكربون جديد، وين أحسن مكان أركبه؟",
            "vi|Đứng chờ xe buýt lạnh run luôn, văn phòng mấy giờ mở cửa",
            "es|Tuvimos un cortocircuito el lunes pero ya vino el electricista y quedó todo bien",
            "es|Si me pasa algo de noche, ¿la ambulancia puede entrar por el garaje?",
            // Round 14 (issue 12), held-out-17: what one is supposed to do if it ever happens, the news on Quebec TV or read in
            // Vietnamese, a building over in another district, a remix or a playlist that is "fire" and the thanks
            // that goes with it, extinguishers (plural) and whether they were inspected, drowning in school work
            "en|what are we supposed to do if the power goes out?",
            "en|if we ever get a gas smell who do we call",
            "fr|t'as vu aux nouvelles le feu au centre-ville?",
            "vi|đọc báo thấy tòa nhà bên quận 7 bị cháy, chỗ mình có lối thoát hiểm không",
            "vi|bản remix mới của DJ cháy quá trời luôn",
            "ar|البلايليست الجديدة نار تسلم ايدك",
            "ar|طفايات الحريق بالممر مفحوصة؟",
            "ar|ابني غرقان بالدراسة هالفترة",
            // Round 14 (issue 12), held-out-18: swamped in bills or preparations, whatever the gender or number; footsteps
            // upstairs with no way in broken; the power ("الطاقة") cut; someone asked to open a door; a heater that works
            // with nobody ill; a window broken long ago; pork belly ("poitrine") in the oven
            "ar|احنا غرقانين في الفواتير الشهر ده",
            "ar|أنا غرقانة في التحضيرات للعيد، متى تفتحون المكتب؟",
            "es|Escucho pasos del vecino de arriba toda la noche, ¿pueden hablar con él?",
            "vi|Nghe tiếng chân người trên lầu ồn quá, ban quản lý nhắc giùm",
            "ar|الطاقة مقطوعة ونسمع صوت المولد",
            "ar|حد يقدر يفتحلي باب الجراج؟",
            "ar|الدفاية شغالة بس صوتها عالي",
            "ar|الشباك مكسور من زمان، سمعت إنكم بتصلحوا الشبابيك",
            "fr|La poitrine de porc est au four, je transpire dans la cuisine",
    })
    void ignoresScaryWordsThatAreNotEmergencies(String lang, String message) {
        assertEquals(Optional.empty(), RULES.detect(Text.normalize(message), null, false, null), message);
    }

    @Test
    void aCauseAndItsEffectInTwoSentencesIsCarbonMonoxide() {
        assertEquals(Optional.of("co"), kindOf("We lit the fireplace, the flue was shut I think. Now me and"
                + " my husband have splitting headaches."));
        // Either sentence alone is not an emergency.
        assertEquals(Optional.empty(), kindOf("We lit the fireplace for the first time."));
        // A trap anywhere in the message holds the cross-sentence rule back.
        assertEquals(Optional.empty(), kindOf("What should we do if the boiler breaks? My"
                + " son has a headache from the noise."));
    }

    @Test
    void aSettledMessageRaisesNoAlarmButASettledWordInPassingDoesNotHideOne() {
        assertEquals(Optional.empty(), kindOf("Thanks, the pipe that burst yesterday is"
                + " repaired and everything's dry now."));
        assertEquals(Optional.of("flood"), kindOf("The pipe was fixed last week but now water is pouring"
                + " through the ceiling again"));
    }

    @Test
    void aConditionOrTheColdThatExplainsTheSignsNamesTheKind() {
        // round 13 of issue 12, held-out-15: "有心脏病" (has a heart condition) is no heart attack, so with the heating
        // off and shivering it is no heat; a heart attack is still one
        assertEquals(Optional.of("no-heat"), kindOf("暖气停了，爷爷有心脏病，冷得发抖"));
        assertEquals(Optional.of("medical"), kindOf("我爸心脏病犯了，喘不上气"));
        // purple lips with the heater broken and snow outside are the cold's
        assertEquals(Optional.of("no-heat"), kindOf("Lò sưởi hư, ngoài trời có tuyết, ông em môi tím"));
        assertEquals(Optional.of("medical"), kindOf("Ông em ngã trong bếp, môi tím"));
    }

    @Test
    void aClauseThatPointsBackIsReadWithTheOneBefore() {
        // round 13 of issue 12, held-out-15: "里面" (in it) after a comma points back to the drama; inside a flat
        // nobody is in, it is a fire
        assertEquals(Optional.empty(), kindOf("在追一部剧，里面整个小区都着火了"));
        assertEquals(Optional.of("fire"), kindOf("隔壁没人，里面着火了"));
    }

    @Test
    void wordsInsideOtherWordsAreNotTheirMeaning() {
        // "fils" is a son as well as wires; "محروقة" (a burnt-out bulb) holds "حروق" (burns); "فاضي" (free) holds
        // "فاض" (overflowed).
        assertEquals(Optional.of("fire"), kindOf("Le matelas de mon fils a pris feu, il y a des flammes"));
        assertEquals(Optional.empty(), kindOf("لمبة الحمام محروقة وبدها تبديل"));
        assertEquals(Optional.empty(), kindOf("لما يكون الفني فاضي بدي يصلح الباب"));
    }

    @Test
    void aPlaceNamedAfterAnEmergencyOrAPoliteWordThatSpellsIfIsNotOne() {
        // "la escalera de incendio" is the fire escape: what happens on it decides the kind (round 11 of issue 12)
        assertEquals(Optional.of("break-in"), kindOf("hay un tipo en la escalera de incendio tratando de"
                + " abrir mi ventana"));
        assertEquals(Optional.empty(), kindOf("¿la escalera de incendio se puede usar para"
                + " subir bicis?"));
        // "لو سمحت" (please) opens with "لو" (if), and is no question of what could happen
        assertEquals(Optional.of("gas"), kindOf("لو سمحت في ريحة غاز جامدة على السلم"));
        assertEquals(Optional.empty(), kindOf("لو شميت ريحة غاز شو لازم أعمل؟"));
        // "في حال حدوث حريق" (in case of a fire) asks what to do; "في حال سيئة" (in a bad state) is how someone is
        assertEquals(Optional.empty(), kindOf("ما هي إجراءات الإخلاء في حال حدوث حريق؟"));
        assertEquals(Optional.of("medical"), kindOf("جدتي في حال سيئة، أغمي عليها ولا تتنفس"));
    }

    @Test
    void aFigureOfSpeechIsNotTheThingItself() {
        // a portal that is "a total dumpster fire" is a figure of speech; a dumpster on fire is a fire (round 11)
        assertEquals(Optional.empty(), kindOf("This new tenant portal is a total dumpster fire,"
                + " it keeps crashing"));
        assertEquals(Optional.of("fire"), kindOf("the dumpster behind building 3 is on fire and the flames"
                + " are reaching the fence"));
        // what happens in a video game is no emergency; a child playing one while the outlet sparks is
        assertEquals(Optional.empty(), kindOf("my son plays a video game where you put out a"
                + " burning building, is there an extinguisher on our floor?"));
        assertEquals(Optional.of("electrical"), kindOf("my son was playing video games when the outlet"
                + " behind the tv started sparking"));
    }

    @Test
    void aSongOrAPartyThatIsFireIsPraiseButAFireAtThePartyIsAFire() {
        // round 12 of issue 12, held-out-13: the trap wants the song, the party or the show said to be "fire"
        assertEquals(Optional.empty(), kindOf("this new playlist for the pool is fire"));
        assertEquals(Optional.of("fire"), kindOf("the party room downstairs is on fire and smoke is filling"
                + " the stairwell"));
        assertEquals(Optional.of("fire"), kindOf("Bếp nhà em cháy quá trời, khói đầy nhà"));
        assertEquals(Optional.of("fire"), kindOf("المطبخ فيه نار والدخان طالع"));
        // "التلفزيون" is the news only when something is seen on it: a television set can be stolen
        assertEquals(Optional.empty(), kindOf("شفت على التلفزيون خبر عن حريق"));
        assertEquals(Optional.of("break-in"), kindOf("رجعت لقيت الباب مكسور والتلفزيون مش موجود"));
    }

    @Test
    void aWordThatAlsoMeansSomethingEverydayCountsOnlyInItsEmergencySense() {
        // round 14 of issue 12, held-out-17: "يرجع" is "comes back" as well as "vomits"; "العافية" is the fire in
        // Maghrebi, and good health everywhere
        assertEquals(Optional.empty(), kindOf("إمتى بيرجع الكهربا؟"));
        assertEquals(Optional.of("medical"), kindOf("ابني صار يرجع كل شي أكله ووجهه أصفر"));
        assertEquals(Optional.empty(), kindOf("الله يعطيك العافية على التنظيف"));
        assertEquals(Optional.of("fire"), kindOf("العافية طلعات للسقف ديال الكوزينة"));
        // lips "kinda" blue are someone in danger after a fall, and the cold's when the heat is out
        assertEquals(Optional.of("medical"), kindOf("my baby's lips look kinda blue right now"));
        assertEquals(Optional.of("no-heat"), kindOf("heats been out since noon, grandpa is shivering and his lips"
                + " look kinda blue"));
        // round 14 of issue 12, held-out-18: "غرقانة" is swamped in papers, and drowning in water in a flooded bathroom;
        // "الطاقة" is the power (cut) as well as a Maghrebi window (broken, with someone heard inside)
        assertEquals(Optional.empty(), kindOf("أنا غرقانة في ورق الإيجار، ممكن موعد؟"));
        assertEquals(Optional.of("flood"), kindOf("أنا غرقانة في المية والحمام كله مية"));
        assertEquals(Optional.empty(), kindOf("الطاقة مقطوعة من الصبح"));
        assertEquals(Optional.of("break-in"), kindOf("الطاقة ديال البيت مكسورة وسمعت واحد كيمشي الداخل"));
    }

    @Test
    void vietnameseTypedWithoutToneMarksIsReadByTheRulesWithoutThem() {
        String smoke = Text.normalize("phong ben canh khoi den boc ra qua khe cua, mui khet lam");
        assertEquals("fire", RULES.detect(smoke, null, false, Language.VI).orElseThrow().kind());
        // The marked rules alone cannot read it: that is why the language the message is written in matters.
        assertEquals(Optional.empty(), RULES.detect(smoke, null, false, null));
        // Without marks "chạy" (runs) is "cháy" (burns) and "trần" (ceiling) is "tràn" (overflows).
        assertEquals("no-heat", RULES.detect(Text.normalize("heater khong chay, lanh qua troi, ba tui run cam cap"),
                null, false, Language.VI).orElseThrow().kind());
        assertEquals(Optional.empty(), RULES.detect(Text.normalize("khi nao son lai tran vay a"), null, false,
                Language.VI));
        // "van" is a valve, and also "vẫn" (still) typed without marks: a sparking outlet that is "still hot" is
        // electrical, not a gas valve (round 11 of issue 12)
        assertEquals("electrical", RULES.detect(Text.normalize("o cam sau tu lanh no tia lua roi boc mui khet, em rut"
                + " phich ra roi nhung van nong"), null, false, Language.VI).orElseThrow().kind());
        // "máu chảy" (blood flows) is not "cháy" (burns), and "lạnh xíu" (a little cold) is not "xỉu" (faints)
        assertEquals("medical", RULES.detect(Text.normalize("ba tui te cau thang dap dau, mau chay nhieu lam"), null,
                false, Language.VI).orElseThrow().kind());
        assertEquals(Optional.empty(), RULES.detect(Text.normalize("phong khach hoi lanh xiu, co duoc xai may suoi "
                + "dien khong"), null, false, Language.VI));
        // "sờ vô" / "chạm vô" (touch) is not "vỡ" (burst): pipes ice cold to the touch and about to freeze are no heat, not
        // a flood; a way in smashed with someone heard inside, typed without marks (round 14 of issue 12, held-out-18)
        assertEquals("no-heat", RULES.detect(Text.normalize("troi lanh, ong nuoc duoi bon rua cham vo lanh ngat, sap dong"
                + " bang roi"), null, false, Language.VI).orElseThrow().kind());
        assertEquals("break-in", RULES.detect(Text.normalize("cua kinh phong khach bi dap vo, nghe tieng nguoi luc duc"
                + " ben trong"), null, false, Language.VI).orElseThrow().kind());
    }

    @Test
    void vietnameseTypedAllButBareIsReadBare() {
        // a phone's suggestion or two in a message typed without marks (round 14 of issue 12): read bare, not by the
        // marked rules, which its bare words cannot match
        String smoke = Text.normalize("phong ben canh khoi den boc ra qua khe cửa, mui khet lam");
        assertEquals("fire", RULES.detect(smoke, null, false, Language.VI).orElseThrow().kind());
        // a message typed with its marks is still read by the marked rules
        assertEquals("fire", RULES.detect(Text.normalize("phòng bên cạnh khói đen bốc ra qua khe cửa, mùi khét lắm"),
                null, false, Language.VI).orElseThrow().kind());
        assertTrue(Marks.mostlyNone("ong nuoc duoi bon rua sờ vô lanh ngat sap dong cung roi"));
        assertFalse(Marks.mostlyNone("ống nước dưới bồn rửa sờ vô lạnh ngắt"));
    }

    @Test
    void arabicShortVowelsAndShaddaDoNotHideAWord() {
        assertEquals(Optional.of("medical"), kindOf("أخي الصغير عم يتشنّج عالأرض وما عم يوقف"));
    }

    @Test
    void noHeatIsAnEmergencyInTheHeatingSeasonEvenWithoutMentioningTheCold() {
        assertEquals(Optional.empty(), kindOf("There is no heat in my apartment"));
        assertEquals("no-heat", RULES.detect(Text.normalize("There is no heat in my apartment"), null, true, null).orElseThrow().kind());
    }

    @Test
    void instructionsNameTheNumbersInTheTenantsLanguage() {
        PropertySettings maple = new PropertySettings("maple-court", "Maple Court Apartments", "911",
                "(217) 555-0199", "(217) 555-0142", "MC", "US", null, null, null, null);
        EmergencyLayer.Detection gas = RULES.detect(Text.normalize("I smell gas"), null, false, null).orElseThrow();
        String en = RULES.instructions(gas, Language.EN, maple);
        assertTrue(en.indexOf("911") < en.indexOf("(217) 555-0199"), "emergency services come first: " + en);
        for (Language lang : Language.values()) {
            String text = RULES.instructions(gas, lang, maple);
            assertTrue(text.contains("911") && text.contains("(217) 555-0199"), lang + ": " + text);
        }
        assertTrue(RULES.instructions(gas, Language.AR, maple).contains("غاز"), "Arabic instructions");
    }

    @Test
    void aPropertyWithNoEmergencyLineGetsEmergencyServicesFirstAndNoEmptyLine() {
        PropertySettings bare = new PropertySettings("oak-hill", "Oak Hill", "112", null, null, "OH", "GB", null,
                null, null, null);
        for (String message : List.of("I smell gas", "water is pouring through the ceiling", "someone broke in")) {
            EmergencyLayer.Detection detection = RULES.detect(Text.normalize(message), null, false, null).orElseThrow();
            for (Language lang : Language.values()) {
                String text = RULES.instructions(detection, lang, bare);
                assertTrue(text.indexOf("112") >= 0 && text.indexOf("112") < 60, lang + ": " + text);
                assertFalse(text.contains("{emergencyLine}") || text.contains(" .") || text.contains("  "),
                        lang + ": " + text);
                String[] steps = text.lines().filter(l -> l.matches("^\\d+\\. .*")).toArray(String[]::new);
                for (int i = 0; i < steps.length; i++) {
                    assertTrue(steps[i].startsWith((i + 1) + ". "), "steps renumbered: " + text);
                }
            }
        }
        String gas = RULES.instructions(RULES.detect("i smell gas", null, false, null).orElseThrow(), Language.EN, bare);
        assertFalse(gas.contains("emergency line at"), gas);
        assertTrue(gas.contains("3. Once you are outside, call 112."), gas);
    }
}
