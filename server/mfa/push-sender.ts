import "server-only";

export type PushMessage = { platformDeviceId: string; pushToken: string; title: string; body: string };

/** How push notifications leave Devicekeeper. Delivering them (APNs, FCM, SNS) is out of scope. */
export interface PushSender {
  send(message: PushMessage): Promise<void>;
}

/** Logs what would be sent — never the push token itself. */
export const loggingPushSender: PushSender = {
  async send({ platformDeviceId, title }) {
    console.info(`[push] would notify device ${platformDeviceId}: ${title}`);
  },
};

let sender: PushSender = loggingPushSender;
export const getPushSender = () => sender;
/** For tests and for wiring a real provider. */
export const setPushSender = (s: PushSender) => void (sender = s);
