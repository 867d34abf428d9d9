"""Synthetic clients for benchmarks: varied French and English names, emails and phones."""

from __future__ import annotations

import random

from owl_desktop.domain.clients import Address, ClientDraft

FIRST = ["Élise", "Marc", "Chloé", "Jean-François", "Amélie", "Noah", "Olivia", "Liam", "Zoé",
         "Gabriel", "Léa", "William", "Émile", "Charlotte", "Thomas", "Sophie", "Raphaël",
         "Maëlle", "Benjamin", "Camille", "Hélène", "Étienne", "Priya", "Wei", "Fatima", "Omar",
         "Anaïs", "Nathan", "Jacob", "Emma", "Alice", "Louis", "Félix", "Mia", "Ethan", "Ava"]
LAST = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie",
        "Fortin", "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Smith", "Brown",
        "Wilson", "MacDonald", "Campbell", "Anderson", "Taylor", "Nguyen", "Singh", "Patel",
        "Chen", "Li", "O'Brien", "Thériault", "Béliveau", "Desjardins", "Mercier", "Caron"]
CITIES = [("Montréal", "QC", "H"), ("Québec", "QC", "G"), ("Toronto", "ON", "M"),
          ("Ottawa", "ON", "K"), ("Vancouver", "BC", "V"), ("Calgary", "AB", "T"),
          ("Winnipeg", "MB", "R"), ("Halifax", "NS", "B"), ("Regina", "SK", "S"),
          ("Moncton", "NB", "E")]
LETTERS = "ABCEGHJKLMNPRSTVXY"


def drafts(count: int, seed: int = 7) -> list[ClientDraft]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        city, province, letter = rng.choice(CITIES)
        postal = (f"{letter}{rng.randint(0, 9)}{rng.choice(LETTERS)} "
                  f"{rng.randint(0, 9)}{rng.choice(LETTERS)}{rng.randint(0, 9)}")
        email = "" if i % 7 == 0 else f"{first.lower()}.{last.lower()}{i}@example.ca"
        out.append(ClientDraft(
            first_name=first, last_name=f"{last}{'' if i % 3 else '-' + rng.choice(LAST)}",
            email=email.replace("'", ""),
            phone=f"(514) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}",
            address=Address(f"{rng.randint(1, 9999)} rue Principale", "", city, province, postal),
        ))
    return out
