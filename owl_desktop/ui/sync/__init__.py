"""The Qt side of syncing with Stripe: the controller that runs the Qt-free sync engine off the
UI thread, the status bar widget and actions, and the *Sync problems* dialog.
"""
