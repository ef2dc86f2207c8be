import "server-only";

export type PushMessage = {
  platformDeviceId: string;
  pushToken: string;
  title: string;
  body: string;
  /** For the app, not shown: a sign-in push's message id, challenge, mechanism and time to live (s). */
  data?: Record<string, string>;
};

/** How push notifications leave Devicekeeper. Delivering them (APNs, FCM, SNS) is out of scope. */
export interface PushSender {
  send(message: PushMessage): Promise<void>;
}

/** Logs what would be sent — never the push token itself. */
export const loggingPushSender: PushSender = {
  async send({ platformDeviceId, title, data }) {
    // The message id lets a developer answer a sign-in push by hand (docs/tour.md, "Push sign-in"); the
    // challenge is no secret without the mechanism's key.
    console.info(`[push] would notify device ${platformDeviceId}: ${title}${data?.messageId ? ` ${JSON.stringify(data)}` : ""}`);
  },
};

let sender: PushSender = loggingPushSender;
export const getPushSender = () => sender;
/** For tests and for wiring a real provider. */
export const setPushSender = (s: PushSender) => void (sender = s);
