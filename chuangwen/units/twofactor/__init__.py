"""The second factor (TOTP through django-otp, recovery codes as django-otp static tokens) for the
roles in settings.TWO_FACTOR_ROLES: the policy, the services, the middleware and the pages."""
