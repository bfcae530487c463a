import { ZModelsResponse } from "@codegenie/shared";
import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "../../lib/api/fetch-json";

/** The models the server offers (`GET /api/models`), available or not. */
export function useModels() {
  return useQuery({
    queryKey: ["models"],
    queryFn: ({ signal }) => fetchJson("/api/models", ZModelsResponse, { signal }),
    select: (response) => response.models,
  });
}
