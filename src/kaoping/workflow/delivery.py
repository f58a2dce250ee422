"""Reminders by e-mail and SMS, with a delivery log (docs/spec.md §14.3, docs/deploy.md).

E-mail goes through Django's SMTP backend (``KAOPING_SMTP_*``); SMS through the department's
HTTP gateway: one JSON POST per phone to ``KAOPING_SMS_URL`` with the registered template id,
签名 and the template's parameters (carriers send only registered templates). Each try is
recorded (``DeliveryTry``); a failed one is retried after ``REMINDER_RETRY_MINUTES``, doubling,
up to ``REMINDER_MAX_TRIES`` tries, then marked failed with its reason. A sender claims a
delivery with one conditional UPDATE, so two workers never send the same one; a claim whose
worker died is taken again after ``LEASE``."""

from __future__ import annotations

import json
import logging
import smtplib
import urllib.error
import urllib.request
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone

from kaoping.collection.deadlines import deadline_of
from kaoping.workflow.models import (
    BEFORE,
    EMAIL,
    FAILED,
    OVERDUE,
    PENDING,
    SENDING,
    SENT,
    SMS,
    Delivery,
    DeliveryTry,
    Reminder,
)

LEASE = timedelta(minutes=10)
BATCH = 500  # deliveries per tick
KIND_WORDS = {BEFORE: "即将截止", OVERDUE: "已逾期"}
OK_CODES = (0, "0", "OK", "ok", "success")
logger = logging.getLogger("kaoping.workflow")


class SendFailed(Exception):
    """The gateway or mail server refused or could not be reached (reason in Chinese)."""


def email_enabled() -> bool:
    return bool(settings.EMAIL_HOST)


def sms_enabled() -> bool:
    return bool(settings.SMS_URL)


def sms_params(reminder: Reminder) -> dict[str, str]:
    """The registered template's parameters (docs/deploy.md shows the template)."""
    deadline = deadline_of(reminder.campaign, reminder.org_id)
    return {
        "unit": reminder.org.name,
        "campaign": reminder.campaign.title,
        "deadline": f"{deadline:%Y-%m-%d}",
        "status": KIND_WORDS.get(reminder.kind, "尚未上报"),
    }


def send_email(delivery: Delivery) -> str:
    reminder = delivery.reminder
    body = f"{reminder.org.name}：\n\n{reminder.text}\n\n—— {settings.REMINDER_SIGNATURE}\n"
    try:
        send_mail(f"【催报】{reminder.campaign.title}", body, None, [delivery.address], fail_silently=False)
    except OSError as error:  # smtplib's errors and refused connections alike
        raise SendFailed(f"邮件发送失败：{_mail_reason(error)}") from error
    return "邮件服务器已接收"


def _mail_reason(error: OSError) -> str:
    """What went wrong, in the words of the delivery log."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return "邮件服务器登录失败（用户名或密码不正确）"
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "邮件服务器拒收该地址"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"邮件服务器拒绝（{error.smtp_code}）"
    if isinstance(error, ConnectionRefusedError):
        return "无法连接邮件服务器（连接被拒绝）"
    if isinstance(error, TimeoutError):
        return "连接邮件服务器超时"
    return f"无法连接邮件服务器（{error.strerror or type(error).__name__}）"


def _post(body: dict[str, Any]) -> tuple[int, str]:
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if settings.SMS_TOKEN:
        headers["Authorization"] = f"Bearer {settings.SMS_TOKEN}"
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(settings.SMS_URL, data=data, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT) as reply:
            return reply.status, reply.read(2000).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read(2000).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        words = (
            "连接被拒绝"
            if isinstance(reason, ConnectionRefusedError)
            else "超时"
            if isinstance(reason, TimeoutError)
            else str(reason)
        )
        raise SendFailed(f"无法连接短信网关（{words}）") from error


def send_sms(delivery: Delivery) -> str:
    body = {
        "template_id": settings.SMS_TEMPLATE_ID,
        "sign_name": settings.SMS_SIGN_NAME,
        "phone_numbers": [delivery.address],
        "template_params": sms_params(delivery.reminder),
    }
    status, text = _post(body)
    if not 200 <= status < 300:
        raise SendFailed(f"短信网关返回 HTTP {status}：{text[:200]}")
    try:
        answer = json.loads(text)
    except ValueError:
        answer = None
    if isinstance(answer, dict) and "code" in answer and answer["code"] not in OK_CODES:
        raise SendFailed(f"短信网关拒绝：{answer.get('message') or answer.get('msg') or answer['code']}")
    return f"短信网关已接收（HTTP {status}）"


SENDERS = {EMAIL: send_email, SMS: send_sms}


def _claim(delivery: Delivery, now: datetime) -> bool:
    """Take the delivery for this worker: only one conditional UPDATE can succeed."""
    taken = Delivery.objects.filter(
        pk=delivery.pk, status=delivery.status, attempts=delivery.attempts
    ).update(status=SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return taken == 1


def _try(delivery: Delivery, now: datetime) -> bool:
    delivery.refresh_from_db()
    try:
        detail = SENDERS[delivery.channel](delivery)
    except SendFailed as error:
        reason = str(error)
        DeliveryTry.objects.create(delivery=delivery, ok=False, detail=reason)
        give_up = delivery.attempts >= settings.REMINDER_MAX_TRIES
        wait = timedelta(minutes=settings.REMINDER_RETRY_MINUTES * 2 ** (delivery.attempts - 1))
        delivery.status, delivery.error = (FAILED if give_up else PENDING), reason
        delivery.next_try = None if give_up else now + wait
        logger.warning(
            "reminder delivery %s %s failed (try %s): %s",
            delivery.pk,
            delivery.channel,
            delivery.attempts,
            reason,
        )
        ok = False
    else:
        DeliveryTry.objects.create(delivery=delivery, ok=True, detail=detail)
        delivery.status, delivery.error, delivery.sent_at, delivery.next_try = SENT, "", now, None
        ok = True
    delivery.claimed_at = None
    delivery.save(update_fields=["status", "error", "next_try", "sent_at", "claimed_at"])
    return ok


def deliver_pending(now: datetime | None = None, reminder: Reminder | None = None) -> tuple[int, int]:
    """Send what is due: new deliveries, retries whose time came, claims whose worker died —
    of every reminder, or of ``reminder`` only (a 催报 sent now). Returns (sent, failed tries)."""
    now = now or timezone.now()
    Delivery.objects.filter(
        status=SENDING, claimed_at__lt=now - LEASE, attempts__gte=settings.REMINDER_MAX_TRIES
    ).update(status=FAILED, claimed_at=None, error="发送中断：发送时工作进程退出，已达最多尝试次数")
    due = Delivery.objects.filter(
        Q(status=PENDING, next_try__isnull=True)
        | Q(status=PENDING, next_try__lte=now)
        | Q(status=SENDING, claimed_at__lt=now - LEASE, attempts__lt=settings.REMINDER_MAX_TRIES)
    ).select_related("reminder__campaign", "reminder__org")
    if reminder is not None:
        due = due.filter(reminder=reminder)
    sent = failed = 0
    for delivery in due.order_by("id")[:BATCH]:
        if not _claim(delivery, now):
            continue  # another worker has it
        if _try(delivery, now):
            sent += 1
        else:
            failed += 1
    return sent, failed
