"""The events that send a citizen a message: a registry that the apps fill.

notify knows no case or contact. An app that sends messages declares its events, with
their variables and built-in Dutch texts, in its own ``message_events.py``, and registers
them from its ``AppConfig.ready()``::

    from achterkant.notify.events import register_event, register_variables

    register_variables(*VARIABLES)
    for event in EVENTS:
        register_event(event)

An organisation can override a default text in the admin (``MessageTemplate``), for all
products or for one product; ``notify.messages.render_message`` picks the most specific
active one. The texts are Django templates, rendered with autoescaping off (plain-text
e-mail). They only use the variables listed for their event.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

# How dates are written in every default: "dinsdag 4 maart 2025".
DATE_FORMAT = "l j F Y"


@dataclass(frozen=True)
class Variable:
    name: str
    description: str
    example: object


@dataclass(frozen=True)
class MessageEvent:
    code: str
    label: str
    variables: tuple[str, ...]
    subject: str
    body: str

    def example_context(self) -> dict[str, object]:
        """Example values for every variable of this event: previews, validation, tests."""
        return {name: message_variable(name).example for name in self.variables}


_variables: dict[str, Variable] = {}
_events: dict[str, MessageEvent] = {}


def register_variables(*variables: Variable) -> None:
    """Make variables known. Registering the very same variable again changes nothing."""
    for variable in variables:
        known = _variables.get(variable.name)
        if known is not None and known != variable:
            raise ImproperlyConfigured(
                f"Message variable {variable.name!r} is already registered differently."
            )
        _variables[variable.name] = variable


def register_event(event: MessageEvent) -> MessageEvent:
    """Make an event sendable and listed in the admin. Register its variables first."""
    unknown = [name for name in event.variables if name not in _variables]
    if unknown:
        raise ImproperlyConfigured(
            f"Message event {event.code!r} uses unregistered variables: {', '.join(unknown)}"
        )
    known = _events.get(event.code)
    if known is not None and known != event:
        raise ImproperlyConfigured(f"Message event {event.code!r} is already registered.")
    _events[event.code] = event
    return event


def message_event(event_code: str) -> MessageEvent:
    try:
        return _events[event_code]
    except KeyError:
        raise LookupError(
            f"Unknown message event {event_code!r}; its app must register it "
            "(notify.events.register_event) from AppConfig.ready()."
        ) from None


def message_variable(name: str) -> Variable:
    return _variables[name]


def message_events() -> list[MessageEvent]:
    """Every registered event, in the order of the installed apps."""
    return list(_events.values())


def event_choices() -> list[tuple[str, str]]:
    """The events for a choice field: ``(code, "label (code)")``."""
    return [(event.code, f"{event.label} ({event.code})") for event in _events.values()]


# Every message has a recipient and a sender, whatever it is about.
register_variables(
    Variable(
        "organisation_name", "naam van de organisatie (wordt altijd ingevuld)", "Gemeente Voorbeeld"
    ),
    Variable(
        "recipient_name", "naam van de ontvanger, zoals 'S. de Vries'; kan leeg zijn", "S. de Vries"
    ),
)
