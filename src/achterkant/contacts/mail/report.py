"""What one intake run did, whatever it read from: files, standard input or a mailbox."""

from dataclasses import dataclass, field

from achterkant.contacts.models import InboundMail


@dataclass
class IngestReport:
    """What one run did: counts per outcome, and inputs that could not even be read."""

    accepted: int = 0
    quarantined: int = 0
    duplicates: int = 0
    failed: list[str] = field(default_factory=list)

    def count(self, mail: InboundMail, created: bool) -> None:
        if not created:
            self.duplicates += 1
        elif mail.status == InboundMail.Status.QUARANTINED:
            self.quarantined += 1
        else:
            self.accepted += 1

    def merge(self, other: "IngestReport") -> None:
        self.accepted += other.accepted
        self.quarantined += other.quarantined
        self.duplicates += other.duplicates
        self.failed += other.failed

    def summary(self) -> str:
        text = (
            f"Verwerkt: {self.accepted}, in quarantaine: {self.quarantined}, "
            f"al eerder ontvangen: {self.duplicates}."
        )
        if self.failed:
            text += f" Niet gelezen: {len(self.failed)}."
        return text
