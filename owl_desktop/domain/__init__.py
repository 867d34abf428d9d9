"""Plain dataclasses and business rules. No Qt, no SQL, no network."""
