package io.fulcrum.actuator.backend;

/**
 * One server as the load balancer runs it now, from its runtime API.
 *
 * @param weight the weight in use ({@code set server ... weight} included)
 * @param adminState what a person set with {@code set server ... state}: {@code MAINT}, {@code
 *     DRAIN}, or null
 */
public record RuntimeServer(int weight, String adminState) {
  /** The weight traffic sees: 0 in maintenance or drained. */
  public int effectiveWeight() {
    return adminState == null ? weight : 0;
  }
}
