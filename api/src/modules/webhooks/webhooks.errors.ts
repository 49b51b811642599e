import { badRequest, conflict, notFound, type FieldError } from "@ops/shared";

/** 400 naming every field at fault; nothing is stored. */
export const invalidFields = (errors: FieldError[]) => badRequest("common.validation", errors);
export const subscriptionNotFound = () => notFound("webhooks.not_found");
export const deliveryNotFound = () => notFound("webhooks.delivery_not_found");
export const subscriptionInactive = () => conflict("webhooks.inactive");
