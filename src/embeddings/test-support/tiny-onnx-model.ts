/**
 * Builds a TINY sentence-embedding model folder for tests, laid out exactly like the folders users
 * point `--model-dir` at (bge-small-en-v1.5, e5, all-MiniLM):
 *
 *   config.json              {"model_type": "bert", hidden_size, vocab_size, …}
 *   tokenizer.json           BERT-style WordPiece tokenizer (lowercasing BertNormalizer,
 *                            BertPreTokenizer, [CLS] … [SEP] TemplateProcessing)
 *   tokenizer_config.json
 *   onnx/model.onnx          a hand-written ONNX graph (below), encoded with protobufjs
 *   1_Pooling/config.json    (optional) sentence-transformers pooling config
 *
 * The graph has BERT's inputs (input_ids, attention_mask, token_type_ids: int64 [batch, seq]) and
 * BERT's output `last_hidden_state` (float32 [batch, seq, dim]), computed from an embedding table E
 * [vocab, dim] so that tests can work the expected vectors out by hand:
 *
 *   h[b,t]                  = mask[b,t] · E[ids[b,t]]
 *   S[b]                    = Σ_t h[b,t]
 *   last_hidden_state[b,t]  = mask[b,t] · (h[b,t] + S[b])
 *
 * So mean pooling over the unmasked tokens gives (1 + 1/n)·S, whose direction is that of S (the sum
 * of the sentence's token rows, [CLS] and [SEP] included), and CLS pooling gives E[CLS] + S.
 * token_type_ids is accepted but unused. Test support only: protobufjs is a dev dependency.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';

/** The subset of onnx/onnx.proto (IR version 8) a small inference graph needs; field numbers as upstream. */
export const ONNX_PROTO_SUBSET = `
syntax = "proto3";
package onnx;

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5;
    FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10;
  }
  string name = 1;
  string doc_string = 13;
  AttributeType type = 20;
  float f = 2;
  int64 i = 3;
  bytes s = 4;
  TensorProto t = 5;
  GraphProto g = 6;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
  repeated TensorProto tensors = 10;
  repeated GraphProto graphs = 11;
}

message ValueInfoProto {
  string name = 1;
  TypeProto type = 2;
  string doc_string = 3;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  string name = 3;
  string op_type = 4;
  string domain = 7;
  repeated AttributeProto attribute = 5;
  string doc_string = 6;
}

message ModelProto {
  int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  string producer_name = 2;
  string producer_version = 3;
  string domain = 4;
  int64 model_version = 5;
  string doc_string = 6;
  GraphProto graph = 7;
}

message GraphProto {
  repeated NodeProto node = 1;
  string name = 2;
  repeated TensorProto initializer = 5;
  string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}

message TensorProto {
  enum DataType {
    UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5; INT32 = 6; INT64 = 7;
    STRING = 8; BOOL = 9; FLOAT16 = 10; DOUBLE = 11; UINT32 = 12; UINT64 = 13;
  }
  repeated int64 dims = 1;
  int32 data_type = 2;
  repeated float float_data = 4;
  repeated int32 int32_data = 5;
  repeated bytes string_data = 6;
  repeated int64 int64_data = 7;
  string name = 8;
  string doc_string = 12;
  bytes raw_data = 9;
  repeated double double_data = 10;
  repeated uint64 uint64_data = 11;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
    string denotation = 3;
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    int32 elem_type = 1;
    TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
  string denotation = 6;
}

message OperatorSetIdProto {
  string domain = 1;
  int64 version = 2;
}
`;

const FLOAT = 1;
const INT64 = 7;
const ATTR_INT = 2;

let modelType: protobuf.Type | undefined;
function onnxModelType(): protobuf.Type {
  modelType ??= protobuf.parse(ONNX_PROTO_SUBSET, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelType;
}

type Dim = number | string;
const valueInfo = (name: string, elemType: number, dims: Dim[]) => ({
  name,
  type: {
    tensor_type: {
      elem_type: elemType,
      shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
    },
  },
});
const node = (opType: string, inputs: string[], outputs: string[], attribute: object[] = []) => ({
  op_type: opType,
  name: outputs[0],
  input: inputs,
  output: outputs,
  attribute,
});

/** Encodes the graph described in the file comment for an embedding table `table` ([vocab][dim]). */
export function encodeTinyEncoder(table: number[][], outputName = 'last_hidden_state'): Uint8Array {
  const vocab = table.length;
  const dim = table[0]?.length ?? 0;
  if (vocab === 0 || dim === 0 || table.some((row) => row.length !== dim)) {
    throw new Error('the embedding table must be a non-empty rectangle');
  }
  const model = {
    ir_version: 8,
    opset_import: [{ domain: '', version: 13 }],
    producer_name: 'paperboy-tests',
    graph: {
      name: 'tiny_encoder',
      input: [
        valueInfo('input_ids', INT64, ['batch_size', 'sequence_length']),
        valueInfo('attention_mask', INT64, ['batch_size', 'sequence_length']),
        valueInfo('token_type_ids', INT64, ['batch_size', 'sequence_length']),
      ],
      output: [valueInfo(outputName, FLOAT, ['batch_size', 'sequence_length', dim])],
      initializer: [
        { name: 'embeddings', data_type: FLOAT, dims: [vocab, dim], float_data: table.flat() },
        { name: 'last_axis', data_type: INT64, dims: [1], int64_data: [-1] },
        { name: 'seq_axis', data_type: INT64, dims: [1], int64_data: [1] },
      ],
      node: [
        node('Gather', ['embeddings', 'input_ids'], ['tokens'], [{ name: 'axis', type: ATTR_INT, i: 0 }]),
        node('Cast', ['attention_mask'], ['mask_f'], [{ name: 'to', type: ATTR_INT, i: FLOAT }]),
        node('Unsqueeze', ['mask_f', 'last_axis'], ['mask3']),
        node('Mul', ['tokens', 'mask3'], ['h']),
        node('ReduceSum', ['h', 'seq_axis'], ['sum'], [{ name: 'keepdims', type: ATTR_INT, i: 1 }]),
        node('Add', ['h', 'sum'], ['h_plus_sum']),
        node('Mul', ['h_plus_sum', 'mask3'], [outputName]),
      ],
    },
  };
  const type = onnxModelType();
  const problem = type.verify(model);
  if (problem) throw new Error(`tiny ONNX model does not fit the schema: ${problem}`);
  return type.encode(type.fromObject(model)).finish();
}

export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

/** A BERT-style tokenizer.json (WordPiece over `vocab`, lowercasing, [CLS] A [SEP]). */
export function tokenizerJson(vocab: Record<string, number>): object {
  const id = (token: string): number => {
    const value = vocab[token];
    if (value === undefined) throw new Error(`vocabulary lacks ${token}`);
    return value;
  };
  const special = (token: string) => ({ SpecialToken: { id: token, type_id: 0 } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: id(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]'), { Sequence: { id: 'A', type_id: 0 } }, special('[SEP]')],
      pair: [
        special('[CLS]'),
        { Sequence: { id: 'A', type_id: 0 } },
        special('[SEP]'),
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [id(t)], tokens: [t] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}

export interface TinyModelOptions {
  /** Ordinary (lower-case) vocabulary words, after the special tokens. */
  words: string[];
  /** Embedding width. Default 4. */
  dim?: number;
  /** Name of the ONNX file under onnx/. Default "model.onnx"; null writes no ONNX file at all. */
  onnxFile?: string | null;
  /** Writes 1_Pooling/config.json (and modules.json) selecting this pooling. */
  pooling?: 'mean' | 'cls';
  /** Writes config_sentence_transformers.json with these prompts. */
  prompts?: Record<string, string>;
  /** Names the graph's output otherwise than last_hidden_state (what transformers.js reads). */
  outputName?: string;
  /** Overrides/extends config.json. */
  config?: Record<string, unknown>;
}

export interface TinyModel {
  dir: string;
  /** Token → id, special tokens included. */
  vocab: Record<string, number>;
  /** The embedding table E, one row per id. */
  table: number[][];
  dim: number;
}

/**
 * Row i of the table: small distinct integers-ish values, so sums are exact in float32 and no two
 * tokens (or sentences made of different tokens) point the same way.
 */
function tableRow(i: number, dim: number): number[] {
  return Array.from({ length: dim }, (_, j) => (((i + 1) * (j + 3) * 7) % 11) - 5 + (j === i % dim ? 3 : 0));
}

/** Writes a tiny model folder at `dir` (created if missing). */
export function writeTinyModel(dir: string, options: TinyModelOptions): TinyModel {
  const dim = options.dim ?? 4;
  const tokens = [...SPECIAL_TOKENS, ...options.words];
  const vocab: Record<string, number> = Object.fromEntries(tokens.map((t, i) => [t, i]));
  const table = tokens.map((_, i) => tableRow(i, dim));

  mkdirSync(dir, { recursive: true });
  const writeJson = (file: string, value: unknown): void => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), JSON.stringify(value, null, 2));
  };
  writeJson('config.json', {
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: dim,
    vocab_size: tokens.length,
    max_position_embeddings: 512,
    num_attention_heads: 1,
    num_hidden_layers: 1,
    ...options.config,
  });
  writeJson('tokenizer.json', tokenizerJson(vocab));
  writeJson('tokenizer_config.json', {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: 512,
    clean_up_tokenization_spaces: true,
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    mask_token: '[MASK]',
  });
  if (options.pooling) {
    writeJson('modules.json', [
      { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
      { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
      { idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' },
    ]);
    writeJson('1_Pooling/config.json', {
      word_embedding_dimension: dim,
      pooling_mode_cls_token: options.pooling === 'cls',
      pooling_mode_mean_tokens: options.pooling === 'mean',
      pooling_mode_max_tokens: false,
      pooling_mode_mean_sqrt_len_tokens: false,
    });
  }
  if (options.prompts) {
    writeJson('config_sentence_transformers.json', { prompts: options.prompts, default_prompt_name: null });
  }
  const onnxFile = options.onnxFile === undefined ? 'model.onnx' : options.onnxFile;
  if (onnxFile !== null) {
    mkdirSync(path.join(dir, 'onnx'), { recursive: true });
    writeFileSync(path.join(dir, 'onnx', onnxFile), encodeTinyEncoder(table, options.outputName));
  }
  return { dir, vocab, table, dim };
}
