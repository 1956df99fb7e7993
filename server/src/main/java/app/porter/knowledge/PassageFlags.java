package app.porter.knowledge;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises a passage that asks the reader for a password, bank login details, a card number, or a payment to a
 * new account: what a planted or phishing paragraph in an uploaded document asks for, and what a property firm's
 * real documents almost never do. Rules only, in the six languages Porter speaks (en, es, fr, zh-Hans, vi, ar),
 * so nothing needs a model. A match is not a verdict: the passage is held back from answers until an admin has
 * read it and approved it ({@link PassageReviews}); a false alarm costs one click.
 */
final class PassageFlags {

    /** One rule: what it found, as staff read it, and its pattern over the passage's text. */
    private record Rule(String reason, Pattern pattern) {
    }

    private static final String PASSWORD = "asks for a password";
    private static final String BANK_LOGIN = "asks for bank login details";
    private static final String CARD = "asks for a card number";
    private static final String NEW_ACCOUNT = "asks for a payment to a new account";

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;

    private static final List<Rule> RULES = List.of(
            // English: a password only when the text asks for it (a Wi-Fi password posted in the lobby is fine).
            rule(PASSWORD, "\\b(?:send|give|share|e-?mail|text|tell|provide|reply|confirm|enter|submit|verify|"
                    + "include)\\b.{0,60}\\b(?:password|passcode|pin(?: code)?)\\b|\\b(?:password|passcode)s?\\b.{0,40}"
                    + "\\b(?:to us|to the office|by e-?mail|in your reply)"),
            rule(BANK_LOGIN, "\\b(?:bank(?:ing)?|online banking)\\s+(?:log-?in|sign-?in|user ?name|password|"
                    + "credentials|access)"),
            rule(CARD, "\\b(?:card|credit card|debit card)\\s+(?:number|details|no\\.?)|\\b(?:cvv|cvc|cvv2)\\b|"
                    + "security code on (?:the|your) card"),
            rule(NEW_ACCOUNT, "\\b(?:new|updated|changed|different)\\s+(?:bank\\s+)?(?:account|iban|routing number|"
                    + "sort code|payment details|bank details)|\\b(?:pay|send|wire|transfer)\\b.{0,60}\\b(?:this|the "
                    + "following|our new) (?:bank )?account\\b"),
            // Spanish
            rule(PASSWORD, "\\b(?:env[ií]e|envíanos|env[ií]a|comparta|facilite|ind[ií]quenos|escriba|confirme)\\b"
                    + ".{0,60}\\b(?:contraseña|clave|pin)\\b"),
            rule(BANK_LOGIN, "\\b(?:usuario|clave|contraseña|datos de acceso|credenciales)\\s+(?:de\\s+)?(?:la\\s+)?"
                    + "(?:banca|bancari[oa]s?|del banco)"),
            rule(CARD, "\\bn[uú]mero\\s+de\\s+(?:la\\s+|su\\s+|tu\\s+)?tarjeta|\\bc[oó]digo de seguridad de (?:la|su)"
                    + " tarjeta"),
            rule(NEW_ACCOUNT, "\\b(?:nueva cuenta|cuenta nueva|nuevo iban|nuevos datos bancarios)"),
            // French
            rule(PASSWORD, "\\b(?:envoyez|communiquez|transmettez|indiquez|confirmez|donnez)\\b.{0,60}"
                    + "\\b(?:mot de passe|code secret|code pin)"),
            rule(BANK_LOGIN, "\\bidentifiants?\\s+(?:de\\s+)?(?:connexion\\s+)?bancaires?|\\bacc[eè]s [aà] (?:votre|la)"
                    + " banque en ligne"),
            rule(CARD, "\\bnum[ée]ro\\s+de\\s+(?:la\\s+|votre\\s+)?carte|\\bcryptogramme"),
            rule(NEW_ACCOUNT, "\\b(?:nouveau (?:compte|rib|iban)|nouvelles coordonn[ée]es bancaires)"),
            // Simplified Chinese (no word boundaries in Chinese)
            rule(PASSWORD, "(?:发送|提供|告诉|填写|回复|确认).{0,20}密码"),
            rule(BANK_LOGIN, "(?:网银|网上银行|银行)(?:的)?(?:登录|账号|帐号|用户名|密码)"),
            rule(CARD, "(?:银行卡|信用卡|卡)号|安全码"),
            rule(NEW_ACCOUNT, "新(?:的)?(?:银行)?(?:账户|帐户|账号|帐号)"),
            // Vietnamese
            rule(PASSWORD, "(?:gửi|cung cấp|cho biết|xác nhận|nhập).{0,40}mật khẩu"),
            rule(BANK_LOGIN, "(?:thông tin )?đăng nhập (?:ngân hàng|tài khoản ngân hàng)|tài khoản ngân hàng trực tuyến"),
            rule(CARD, "số thẻ|mã (?:cvv|bảo mật) (?:của )?thẻ"),
            rule(NEW_ACCOUNT, "tài khoản (?:ngân hàng )?mới"),
            // Arabic
            rule(PASSWORD, "(?:أرسل|ارسل|زودنا|أعطنا|شارك|أكد).{0,40}(?:كلمة (?:المرور|السر)|الرقم السري)"),
            rule(BANK_LOGIN, "(?:بيانات|معلومات) (?:الدخول|تسجيل الدخول) (?:إلى |الى )?(?:البنك|المصرف|حسابك المصرفي)"),
            rule(CARD, "رقم (?:ال)?بطاقة|رمز (?:الأمان|التحقق) (?:الخاص )?(?:بال)?بطاقة"),
            rule(NEW_ACCOUNT, "حساب (?:مصرفي |بنكي )?جديد"));

    private PassageFlags() {
    }

    private static Rule rule(String reason, String regex) {
        return new Rule(reason, Pattern.compile(regex, FLAGS));
    }

    /** Why {@code passage} must be reviewed before it is quoted, or empty when nothing in it asks for such things. */
    static Optional<String> check(Passage passage) {
        String text = passage.title() + "\n" + passage.text();
        for (Rule rule : RULES) {
            if (rule.pattern().matcher(text).find()) {
                return Optional.of(rule.reason());
            }
        }
        return Optional.empty();
    }
}
