"""The Payment Methods section of a client's profile: list, details, default, removal.

``section.PaymentMethodsSection`` is what the profile page shows; the rest are its parts.
"""
