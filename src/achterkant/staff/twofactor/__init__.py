"""Two-factor authentication for staff (issue 12, "Staff identity").

Every staff member passes a second factor after the password: a code from an
authenticator app (TOTP), a passkey (WebAuthn) or a one-time recovery code. Built on
django-otp and django-otp-webauthn, with their own models; ``services`` holds the rules,
``middleware`` the gate, ``views`` the pages under ``/medewerker/tweestaps/``.
"""
