export { type Notification, type NotificationModel } from "./notification.model.ts";
export {
  createNotifications,
  type NotificationMessage,
  type Notifications,
  type NotificationView,
  type NotifyEnterprise,
  type Recipient,
} from "./notifications.service.ts";
export { notificationsRouter, unreadBadge } from "./notifications.routes.ts";
