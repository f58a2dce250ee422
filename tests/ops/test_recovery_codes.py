"""Recovery codes are stored hashed (``kaoping.ops.recovery``): the database holds no code a
reader could sign in with; a code still works once, regenerating voids the earlier ones, a
change of ``SECRET_KEY`` with the old one among the fallbacks keeps them, wrong codes count as
django-otp's failures, and codes stored in plain text before are hashed by the migration.

Hand-worked value: HMAC-SM3 under the test ``SECRET_KEY`` of ``"kaoping-recovery-code"``, the
unit separator and ``abcd2345`` — computed with Python's own ``hmac`` over OpenSSL's SM3 (not
the product's code), base32, lower case, first 15 digits after ``$``."""

from __future__ import annotations

import hashlib
import hmac
from base64 import b32encode

import pytest
from django.apps import apps
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from kaoping.ops import recovery, twofactor
from kaoping.orgs.models import User

pytestmark = pytest.mark.django_db

DEV_SECRET = "kaoping-dev-only-insecure-secret-key"


def test_the_stored_form_is_the_keyed_sm3_of_the_code(settings) -> None:
    assert settings.SECRET_KEY == DEV_SECRET
    assert recovery.hashed("abcd2345") == "$ljbkglink2o3m22"
    if "sm3" in hashlib.algorithms_available:  # the same, independently
        raw = hmac.new(DEV_SECRET.encode(), b"kaoping-recovery-code\x1fabcd2345", "sm3").digest()
        assert "$" + b32encode(raw).decode().lower()[:15] == "$ljbkglink2o3m22"
    assert recovery.hashed("abcd2345", "another-secret") != "$ljbkglink2o3m22"


def test_no_code_is_stored_and_each_works_once(nanjing_reporter: User) -> None:
    codes = twofactor.new_recovery_codes(nanjing_reporter)
    stored = set(StaticToken.objects.filter(device__user=nanjing_reporter).values_list("token", flat=True))
    assert len(stored) == 10 and not stored & set(codes)
    assert stored == {recovery.hashed(c) for c in codes}
    device = StaticDevice.objects.get(user=nanjing_reporter)
    assert twofactor.verify(nanjing_reporter, codes[0].upper()) == device
    assert twofactor.verify(nanjing_reporter, codes[0]) is None  # used up
    assert twofactor.remaining_codes(nanjing_reporter) == 9
    device.refresh_from_db()
    device.throttle_reset()
    assert not device.verify_token(codes[1])  # django-otp's own check finds no plain code


def test_a_wrong_code_counts_a_failure_and_the_device_then_waits(nanjing_reporter: User) -> None:
    codes = twofactor.new_recovery_codes(nanjing_reporter)
    assert twofactor.verify(nanjing_reporter, "zzzzzzzz") is None
    device = StaticDevice.objects.get(user=nanjing_reporter)
    assert device.throttling_failure_count == 1
    # throttled for a second after one failure: even a right code is refused meanwhile
    assert twofactor.verify(nanjing_reporter, codes[1]) is None
    assert twofactor.remaining_codes(nanjing_reporter) == 10


def test_new_codes_void_the_earlier_ones(nanjing_reporter: User) -> None:
    first = twofactor.new_recovery_codes(nanjing_reporter)
    second = twofactor.new_recovery_codes(nanjing_reporter)
    assert twofactor.verify(nanjing_reporter, second[0]) is not None
    assert twofactor.verify(nanjing_reporter, first[0]) is None


def test_codes_outlive_a_new_secret_key_with_the_old_as_fallback(settings, nanjing_reporter: User) -> None:
    codes = twofactor.new_recovery_codes(nanjing_reporter)
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-secret-key-" + "x" * 40, [DEV_SECRET]
    assert twofactor.verify(nanjing_reporter, codes[3]) is not None
    settings.SECRET_KEY_FALLBACKS = []
    assert twofactor.verify(nanjing_reporter, codes[4]) is None
    assert StaticToken.objects.filter(token=recovery.hashed(codes[4], DEV_SECRET)).exists()  # not used up


def test_the_migration_hashes_codes_stored_in_plain_text(nanjing_reporter: User) -> None:
    device = StaticDevice.objects.create(user=nanjing_reporter, name="recovery", confirmed=True)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=t) for t in ("abcd2345", "qrst6777")])
    recovery.hash_stored(apps)
    tokens = sorted(StaticToken.objects.filter(device=device).values_list("token", flat=True))
    assert tokens == sorted([recovery.hashed("qrst6777"), "$ljbkglink2o3m22"])
    recovery.hash_stored(apps)  # run again: hashes are left as they are
    assert sorted(StaticToken.objects.filter(device=device).values_list("token", flat=True)) == tokens
    assert twofactor.verify(nanjing_reporter, "abcd2345") == device
