package app.porter.notify;

import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import jakarta.mail.Address;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import app.porter.tickets.Webhook;

/**
 * The firm's SMTP relay, through Eclipse Angus Mail (the Jakarta Mail implementation). The relay must be on the
 * firm's own network, by the webhook's rule: checked at start (a public host stops the start) and again before
 * every send (a name may resolve elsewhere later). Timeouts are short so a hung relay only ever holds the sender
 * thread, never a tenant.
 */
public final class SmtpRelay implements MailRelay {

    private static final String TIMEOUT_MS = "10000";

    private final NotifyConfig.Smtp smtp;
    private final Session session;

    private SmtpRelay(NotifyConfig.Smtp smtp, Session session) {
        this.smtp = smtp;
        this.session = session;
    }

    /**
     * A relay for {@code smtp}, after checking its host and reading its password file.
     *
     * @throws IllegalArgumentException when the host is not on the firm's own network, does not resolve, or the
     *                                  password file cannot be read
     */
    public static SmtpRelay open(NotifyConfig.Smtp smtp) {
        requireOwnNetwork(smtp.host());
        Properties properties = new Properties();
        properties.put("mail.transport.protocol", "smtp");
        properties.put("mail.smtp.host", smtp.host());
        properties.put("mail.smtp.port", Integer.toString(smtp.port()));
        properties.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        properties.put("mail.smtp.timeout", TIMEOUT_MS);
        properties.put("mail.smtp.writetimeout", TIMEOUT_MS);
        if (smtp.startTls()) {
            // Required, not just enabled: a relay (or someone in between) that drops STARTTLS gets nothing in clear.
            properties.put("mail.smtp.starttls.enable", "true");
            properties.put("mail.smtp.starttls.required", "true");
            properties.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        Authenticator login = null;
        if (smtp.username().isPresent()) {
            String password = readPassword(smtp);
            String user = smtp.username().get();
            properties.put("mail.smtp.auth", "true");
            login = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return new PasswordAuthentication(user, password);
                }
            };
        }
        return new SmtpRelay(smtp, Session.getInstance(properties, login));
    }

    private static void requireOwnNetwork(String host) {
        try {
            if (!Webhook.resolvesToOwnNetwork(host)) {
                throw new IllegalArgumentException("SMTP host " + host + " is not on a private network (loopback,"
                        + " 10/8, 172.16/12, 192.168/16, fc00::/7): Porter only sends to the firm's own relay");
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("SMTP host " + host + " does not resolve");
        }
    }

    private static String readPassword(NotifyConfig.Smtp smtp) {
        try {
            List<String> lines = Files.readAllLines(smtp.passwordFile().orElseThrow(), StandardCharsets.UTF_8);
            if (lines.isEmpty() || lines.getFirst().isEmpty()) {
                throw new IllegalArgumentException("PORTER_SMTP_PASSWORD_FILE is empty");
            }
            return lines.getFirst();
        } catch (IOException e) {
            // The path, never the content: the file holds a secret.
            throw new IllegalArgumentException("PORTER_SMTP_PASSWORD_FILE cannot be read: " + smtp.passwordFile().get());
        }
    }

    @Override
    public void send(Mail mail) throws MessagingException {
        try {
            requireOwnNetwork(smtp.host());
        } catch (IllegalArgumentException e) {
            throw new MessagingException(e.getMessage());
        }
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(smtp.from(), true));
        Address[] to = new Address[mail.to().size()];
        for (int i = 0; i < to.length; i++) {
            to[i] = new InternetAddress(mail.to().get(i), true);
        }
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(mail.subject(), "UTF-8");
        message.setSentDate(new Date());
        message.setText(mail.body(), "UTF-8");
        Transport.send(message);
    }
}
