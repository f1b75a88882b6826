"""Sign-in, code and profile forms: shape only (whose a number is, and the rules, are the domain's)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, Regexp, ValidationError

from tracker.domain.accounts.contact import normalize_phone
from tracker.domain.accounts.profile import PASSWORD_MIN, Profile
from tracker.web.items.action_forms import SelectChoice

NOT_A_PHONE = _l("Enter a mainland mobile number: 11 digits starting with 1.")
EMAIL = Email(message=_l("Enter a valid email address."))  # syntax only (email-validator), no DNS


def phone_or_email(form, field) -> None:
    value = (field.data or "").strip()
    if "@" in value:
        EMAIL(form, field)
    elif normalize_phone(value) is None:
        raise ValidationError(_l("Enter a mainland mobile number (11 digits starting with 1) or an email "
                                 "address."))


def mobile(form, field) -> None:
    if (field.data or "").strip() and normalize_phone(field.data) is None:
        raise ValidationError(NOT_A_PHONE)


def target_field():
    return StringField(_l("Mobile number or email"), validators=[
        InputRequired(_l("Enter your mobile number or email address.")), Length(max=120), phone_or_email])


def new_password_fields():
    password = PasswordField(_l("New password"), validators=[
        InputRequired(_l("Enter a new password.")), Length(min=PASSWORD_MIN, max=128)],
        description=_l("At least %(count)s characters, letters as well as digits.", count=PASSWORD_MIN))
    confirm = PasswordField(_l("New password again"), validators=[
        InputRequired(_l("Enter the new password again.")),
        EqualTo("password", _l("The two passwords differ."))])
    return password, confirm


class LoginForm(FlaskForm):
    """The password tab; the password is checked by the view against the stored hash."""

    username = StringField(_l("Username"), validators=[InputRequired(_l("Enter your username.")),
                                                       Length(max=40)])
    password = PasswordField(_l("Password"), validators=[InputRequired(_l("Enter your password."))])
    remember = BooleanField(_l("Keep me signed in"))


class CodeRequestForm(FlaskForm):
    """The "send me a code" button: the number or address alone."""

    target = target_field()


def code_field():
    return StringField(_l("Code"), validators=[
        InputRequired(_l("Enter the code you received.")),
        Regexp(r"^\s*\d{6}\s*$", message=_l("The code has 6 digits."))])


class CodeSignInForm(FlaskForm):
    target = target_field()
    code = code_field()


class PhoneCodeForm(FlaskForm):
    """The code sent to a new mobile number of one's own, typed on the profile page."""

    code = code_field()


class CodePasswordForm(CodeSignInForm):
    """Activation and a forgotten password: the code and the new password together."""

    password, confirm = new_password_fields()


class LinkPasswordForm(FlaskForm):
    password, confirm = new_password_fields()


class ProfileForm(FlaskForm):
    phone = StringField(_l("Mobile number"), validators=[Optional(), Length(max=20), mobile],
                        description=_l("Reminders by SMS and sign-in codes go to this number. A new number "
                                                "takes effect once you type the code sent to it."))
    email = StringField(_l("Email"), validators=[Optional(), Length(max=120), EMAIL])
    locale = SelectField(_l("Language"), choices=[SelectChoice("zh", "中文"), SelectChoice("en", "English")])
    notify_digest = BooleanField(_l("One digest a day instead of a message for each reminder"))
    by_email = BooleanField(_l("Reminders by email"))
    by_sms = BooleanField(_l("Reminders by SMS"))
    large_text = BooleanField(_l("Large text (every page drawn larger)"))

    def wanted(self) -> Profile:
        return Profile((self.phone.data or "").strip(), (self.email.data or "").strip(), self.locale.data,
                       self.notify_digest.data, self.by_email.data, self.by_sms.data, self.large_text.data)


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"))
    password, confirm = new_password_fields()


class EndLoginForm(FlaskForm):
    """A button of the logins table: one login by its id, the others, or all (this one too)."""

    login = StringField(validators=[InputRequired(), Regexp(r"^(\d{1,18}|others|all)$")])

    def login_id(self) -> int | None:
        """The login named, or None for "others" and "all"."""
        return int(self.login.data) if self.login.data.isdigit() else None

    @property
    def everywhere(self) -> bool:
        return self.login.data == "all"
