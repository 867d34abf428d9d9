"""The app's link to Stripe: a Protocol of business-named calls and our own result types.

Only ``stripe_gateway.py`` imports the stripe SDK.
"""
