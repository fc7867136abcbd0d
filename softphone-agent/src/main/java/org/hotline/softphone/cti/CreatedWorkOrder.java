package org.hotline.softphone.cti;

/**
 * The server's answer to {@code workorder.create}: the order's id, and by when the department
 * must act, as the server words it for the agent ({@code dueText}: 今日 09:00, 次日（…）09:00, or
 * the date; R2) when it says so, else the instant ({@code dueAt}, ISO-8601) or null.
 */
public record CreatedWorkOrder(String id, String dueText, String dueAt) {}
