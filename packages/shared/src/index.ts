export * from "./api-error";
export * from "./auth";
export * from "./errors";
export * from "./generation";
export * from "./health";
export * from "./models";
export * from "./profile";
