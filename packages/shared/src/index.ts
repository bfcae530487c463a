export * from "./api-error";
export * from "./errors";
export * from "./generation";
export * from "./health";
export * from "./models";
