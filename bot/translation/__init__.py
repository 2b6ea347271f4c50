"""Offline translation: Argos packages run through CTranslate2, off the event loop."""
