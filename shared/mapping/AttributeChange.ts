/** One target whose value must change in Slack (null = empty). Serialisable: it goes into activity records. */
export interface AttributeChange {
  target: string;
  oldValue: string | null;
  newValue: string | null;
}
