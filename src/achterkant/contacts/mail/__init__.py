"""The parts of e-mail intake; the public entry is :mod:`achterkant.contacts.mail_intake`.

``parsing`` reads a message from its bytes (never touching the database), ``imap`` fetches
unread messages from a mailbox, ``report`` counts what a run did.
"""
