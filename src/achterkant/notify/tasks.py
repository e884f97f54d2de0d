from django_tasks import task

from achterkant.notify import services


@task()
def deliver_outbox_message(message_id: int) -> None:
    services.outbox_message_deliver(message_id=message_id)
