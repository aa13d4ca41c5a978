"""What each loader does with a TF1 (name-based) checkpoint: test/data/tf1-loader-outcomes.json.
Evidence for the tf1-tf2-checkpoint rule's per-loader text (test/unit/rules/tf1-loader-outcomes.test.ts).
Run from the repository root with TensorFlow 2.21 / Keras 3.15:
  python scripts/data/record-tf1-loader-outcomes.py
"""
import os, json, warnings, io, contextlib, logging, traceback
os.environ["TF_CPP_MIN_LOG_LEVEL"]="3"
import tensorflow as tf, keras, numpy as np
CK = "public/samples/tf1-saver-into-checkpoint/broken/model.ckpt"
res={}
def model():
    return keras.Sequential([keras.Input((8,)), keras.layers.Dense(4), keras.layers.Dense(1)])
def attempt(name, fn):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        buf=io.StringIO()
        try:
            with contextlib.redirect_stderr(buf):
                out=fn()
            res[name]={'raised':False,'result':out,'warnings':[str(x.message)[:300] for x in w]}
        except Exception as e:
            res[name]={'raised':True,'exception':type(e).__module__+'.'+type(e).__name__,'message':str(e)[:600],'warnings':[str(x.message)[:300] for x in w]}
def ckpt_restore():
    m=model(); s=tf.train.Checkpoint(model=m).restore(CK)
    return {'status':type(s).__name__, 'kernel_is_zero_init': bool(np.allclose(m.layers[0].kernel.numpy(), 0))}
def ckpt_restore_assert():
    m=model(); tf.train.Checkpoint(model=m).restore(CK).assert_consumed(); return 'ok'
def ckpt_restore_existing():
    m=model(); s=tf.train.Checkpoint(model=m).restore(CK).assert_existing_objects_matched(); return 'ok'
def load_weights():
    m=model(); m.load_weights(CK); return 'ok'
def load_weights_index():
    m=model(); m.load_weights(CK+'.index'); return 'ok'
def load_model():
    keras.models.load_model(CK); return 'ok'
def saved_model_load():
    tf.saved_model.load(os.path.dirname(CK)); return 'ok'
def compat_saver():
    g=tf.Graph()
    with g.as_default():
        v1=tf.compat.v1
        vs=[v1.get_variable(n, shape=s) for n,s in tf.train.list_variables(CK)]
        sv=v1.train.Saver()
        with v1.Session() as sess: sv.restore(sess, CK)
    return 'ok'
for n,f in [('tf.train.Checkpoint(model=...).restore(prefix)',ckpt_restore),('Checkpoint.restore(prefix).assert_consumed()',ckpt_restore_assert),('Checkpoint.restore(prefix).assert_existing_objects_matched()',ckpt_restore_existing),('model.load_weights(prefix)',load_weights),('model.load_weights(prefix.index)',load_weights_index),('keras.models.load_model(prefix)',load_model),('tf.saved_model.load(dir)',saved_model_load),('tf.compat.v1.train.Saver().restore(sess, prefix)',compat_saver)]:
    attempt(n,f)
for r in res.values():
    r.pop('warnings', None)  # numpy deprecation chatter, not the loaders' behaviour
    if 'message' in r:
        r['message'] = r['message'].split('\n')[0].replace(os.path.abspath(os.path.dirname(CK)), '<dir>')
record = {'tensorflow': tf.__version__, 'keras': keras.__version__, 'checkpoint': CK, 'loaders': res}
open('test/data/tf1-loader-outcomes.json', 'w').write(json.dumps(record, indent=1) + '\n')
print(json.dumps(record, indent=1))
