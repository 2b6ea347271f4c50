"""Pinyin for learners: Chinese words with their tone-marked readings (SPEC §8)."""
