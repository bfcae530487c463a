import type { Command } from "commander";
import type { CliOutput } from "./cli-io";

// The actions load the model layer only when a command runs, so --help answers at once.
const actions = () => import("./models-actions");

/** Adds `models list | pull | remove` to the program. */
export function addModelsCommands(program: Command, output: CliOutput): void {
  const models = program
    .command("models")
    .description("the models this installation serves (the models file, or the built-in ones)");

  models
    .command("list")
    .description("list the models with their status")
    .option("--json", "print a JSON array (the API's model objects)")
    .action(async (options: { json?: boolean }) => (await actions()).listModels(options, output));

  models
    .command("pull")
    .description(
      "download a model's GGUF file from Hugging Face (HF_TOKEN for gated models, HF_ENDPOINT for a mirror); an interrupted download resumes",
    )
    .argument("<id>", "model id (see codegenie models list)")
    .action(async (id: string) => (await actions()).pullModel(id, output));

  models
    .command("remove")
    .description("delete a downloaded model's file (and any partial download)")
    .argument("<id>", "model id")
    .action(async (id: string) => (await actions()).removeModel(id, output));
}
