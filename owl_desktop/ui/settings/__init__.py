"""Settings: *Settings → Stripe…* (connect, switch, disconnect; the mode shown in the status bar
and title) and the rewiring that puts the parts for a new connection in place without a restart.
"""
