"""Two owners accepting two different offers at the same moment: exactly one wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from codesign.actions import needs as actions
from codesign.models import OfferStatus, Workspace
from portal.frameworks.actions import sync_reference_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def reference_data(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises every write transaction itself; this checks PostgreSQL")
    # Transactional tests empty every table afterwards, migration data included: load it again.
    with django_db_blocker.unblock():
        sync_reference_data()


def test_two_owners_accepting_at_once_leave_exactly_one_accepted(
    need, poster, industry_admin, academic, university, lecturer, college, offer_from
):
    offers = [offer_from(need, academic, university), offer_from(need, lecturer, college)]
    barrier = threading.Barrier(2)
    outcomes = []

    def accept(offer, by):
        try:
            barrier.wait()
            actions.accept_offer(offer=offer, by=by)
            outcomes.append("accepted")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=accept, args=(offers[0], poster)),
        threading.Thread(target=accept, args=(offers[1], industry_admin)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("accepted") == 1
    (refusal,) = [outcome for outcome in outcomes if outcome != "accepted"]
    assert refusal == "This need is “In co-design”: an offer can be accepted only while it is open."
    assert need.offers.filter(status=OfferStatus.ACCEPTED).count() == 1
    assert need.offers.filter(status=OfferStatus.DECLINED).count() == 1
    assert Workspace.objects.count() == 1
