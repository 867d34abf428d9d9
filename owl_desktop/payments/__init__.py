"""The app's link to Stripe: a Protocol of business-named calls and our own result types.

Only the ``stripe/`` package here (the Stripe adapter) imports the stripe SDK.
"""
